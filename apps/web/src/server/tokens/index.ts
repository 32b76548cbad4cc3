// The API token service, used by the HTTP API (withToken), the web pages (settings → tokens) and
// `machinaut token create`. Every function takes the Db and the tenant explicitly and runs under
// row-level security; a token's secret exists only in createApiToken's return value.
export {
  API_TOKEN_SCOPES,
  type ApiTokenScope,
  bearerToken,
  generateApiToken,
  hashApiToken,
  parseApiToken,
} from "./api-token-format.ts";
export type { ApiTokenInfo } from "./api-token-info.ts";
export { authenticateApiToken, type TokenPrincipal } from "./authenticate-api-token.ts";
export { type CreateApiTokenInput, createApiToken, createApiTokenInput } from "./create-api-token.ts";
export { listApiTokens } from "./list-api-tokens.ts";
export { revokeApiToken } from "./revoke-api-token.ts";
