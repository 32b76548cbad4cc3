import { withToken } from "../../../../src/server/http/with-token.ts";
import { ingestSession } from "../../../../src/server/ingest/ingest-session.ts";
import { parseNdjson } from "../../../../src/server/ingest/parse-ndjson.ts";
import { readBody } from "../../../../src/server/ingest/read-body.ts";

/** POST /api/v1/ingest: NDJSON envelopes of one session (gzip accepted), stored all or nothing. */
export const POST = withToken("ingest", async ({ request, principal, context }) => {
  const lines = parseNdjson(await readBody(request, context.limits), context.limits);
  const result = await ingestSession(context.db, context.jobs, {
    tenantId: principal.tenantId,
    projectId: principal.projectId,
    lines,
  });
  return Response.json(result);
});
