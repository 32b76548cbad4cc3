import type { Db } from "@lodestar/db";
import { ApiError } from "../http/api-error.ts";
import { type ApiTokenScope, parseApiToken } from "./api-token-format.ts";

/** Who a valid token speaks for. */
export interface TokenPrincipal {
  tenantId: string;
  projectId: string;
  tokenId: string;
  scopes: ApiTokenScope[];
}

/** last_used_at is written at most this often per token (a shipper's chunks would each write it). */
const LAST_USED_RESOLUTION = "1 minute";

/**
 * Checks a presented token. Malformed, unknown, revoked and expired tokens get one identical
 * answer (401 `invalid-token`): no oracle for which part was wrong. The lookup runs with the
 * tenant the token names and under row-level security: a token can only be found inside its own
 * tenant, and a forged tenant part finds nothing.
 */
export async function authenticateApiToken(db: Db, presented: string | undefined): Promise<TokenPrincipal> {
  const parsed = presented === undefined ? undefined : parseApiToken(presented);
  if (parsed === undefined) throw invalidToken();
  const principal = await db.withTenantSql(parsed.tenantId, async (tx) => {
    const [row] = await tx<{ id: string; project_id: string; scopes: string[] }[]>`
      UPDATE api_tokens SET last_used_at = now()
      WHERE token_hash = ${parsed.hash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_USED_RESOLUTION}::interval)
      RETURNING id, project_id, scopes`;
    if (row !== undefined) return row;
    const [unchanged] = await tx<{ id: string; project_id: string; scopes: string[] }[]>`
      SELECT id, project_id, scopes FROM api_tokens
      WHERE token_hash = ${parsed.hash} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
    return unchanged;
  });
  if (principal === undefined) throw invalidToken();
  return {
    tenantId: parsed.tenantId,
    projectId: principal.project_id,
    tokenId: principal.id,
    scopes: principal.scopes as ApiTokenScope[],
  };
}

function invalidToken(): ApiError {
  return new ApiError(
    401,
    "invalid-token",
    "the API token is missing, malformed, unknown, revoked or expired",
  );
}
