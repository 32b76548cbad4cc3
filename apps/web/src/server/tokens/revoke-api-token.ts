import type { Db } from "@lodestar/db";
import { ApiError } from "../http/api-error.ts";

/**
 * Revokes a token at once (the next request with it is `invalid-token`). Revoking twice is a
 * no-op; a token of another tenant is invisible, so it is 404 `not-found`.
 */
export async function revokeApiToken(db: Db, tenantId: string, tokenId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw new ApiError(404, "not-found", "no such token");
  const found = await db.withTenantSql(tenantId, async (tx) => {
    const rows = await tx`
      UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ${tokenId} RETURNING id`;
    return rows.length > 0;
  });
  if (!found) throw new ApiError(404, "not-found", "no such token");
}
