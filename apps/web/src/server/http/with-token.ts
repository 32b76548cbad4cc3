import { type ServerContext, serverContext } from "../context.ts";
import {
  type ApiTokenScope,
  authenticateApiToken,
  bearerToken,
  type TokenPrincipal,
} from "../tokens/index.ts";
import { ApiError, errorResponse } from "./api-error.ts";

export interface TokenRouteArgs<P> {
  request: Request;
  principal: TokenPrincipal;
  params: P;
  context: ServerContext;
}

/**
 * A route handler authenticated by an API token (dub's withWorkspace): the token is checked
 * before the body is read, the scope before anything runs, and every error becomes the JSON
 * `{ code, message }` answer. The tenant and project come from the token, never from the request.
 */
export function withToken<P = Record<string, never>>(
  scope: ApiTokenScope | undefined,
  handler: (args: TokenRouteArgs<P>) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    try {
      const context = serverContext();
      const principal = await authenticateApiToken(context.db, bearerToken(request));
      if (scope !== undefined && !principal.scopes.includes(scope)) {
        throw new ApiError(403, "insufficient-scope", `this token lacks the ${scope} scope`, { scope });
      }
      const params = (await route?.params) ?? ({} as P);
      return await handler({ request, principal, params, context });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
