import type { Db } from "@lodestar/db";
import { type ApiTokenInfo, type TokenRow, tokenInfoOf } from "./api-token-info.ts";

/** The tenant's tokens (of one project when given), newest first; secrets and hashes never leave. */
export async function listApiTokens(db: Db, tenantId: string, projectId?: string): Promise<ApiTokenInfo[]> {
  const rows = await db.withTenantSql(tenantId, (tx) =>
    projectId === undefined
      ? tx<TokenRow[]>`
          SELECT id, project_id, name, scopes, created_by, created_at, expires_at, revoked_at, last_used_at
          FROM api_tokens ORDER BY created_at DESC, id`
      : tx<TokenRow[]>`
          SELECT id, project_id, name, scopes, created_by, created_at, expires_at, revoked_at, last_used_at
          FROM api_tokens WHERE project_id = ${projectId} ORDER BY created_at DESC, id`,
  );
  return rows.map(tokenInfoOf);
}
