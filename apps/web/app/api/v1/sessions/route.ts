import { withToken } from "../../../../src/server/http/with-token.ts";
import { listSessions } from "../../../../src/server/sessions/list-sessions.ts";

/** GET /api/v1/sessions: the token's project's shipped sessions. */
export const GET = withToken(undefined, async ({ principal, context }) =>
  Response.json({ sessions: await listSessions(context.db, principal.tenantId, principal.projectId) }),
);
