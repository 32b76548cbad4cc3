import { parseJsonBody } from "../../../../src/server/http/parse-json-body.ts";
import { withToken } from "../../../../src/server/http/with-token.ts";
import { OperatorKeyInput } from "../../../../src/server/openapi/api-schemas.ts";
import { registerOperatorKey } from "../../../../src/server/operator-keys/register-operator-key.ts";

/** PUT /api/v1/operator-keys: register the project's operator public key (scope `keys`). */
export const PUT = withToken("keys", async ({ request, principal, context }) => {
  const input = await parseJsonBody(request, OperatorKeyInput);
  const result = await registerOperatorKey(
    context.db,
    context.jobs,
    principal.tenantId,
    principal.projectId,
    input,
  );
  return Response.json(result, { status: result.created ? 201 : 200 });
});
