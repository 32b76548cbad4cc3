import { withToken } from "../../../../../../src/server/http/with-token.ts";
import { sessionHead } from "../../../../../../src/server/sessions/session-head.ts";

/** GET /api/v1/sessions/{session}/head: where a shipper resumes; 404 when never shipped. */
export const GET = withToken<{ session: string }>(undefined, async ({ principal, params, context }) =>
  Response.json(await sessionHead(context.db, principal.tenantId, principal.projectId, params.session)),
);
