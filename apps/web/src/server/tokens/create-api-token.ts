import type { Db } from "@lodestar/db";
import { z } from "zod";
import { ApiError } from "../http/api-error.ts";
import { API_TOKEN_SCOPES, generateApiToken } from "./api-token-format.ts";
import { type ApiTokenInfo, type TokenRow, tokenInfoOf } from "./api-token-info.ts";

export const createApiTokenInput = z.strictObject({
  projectId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).max(API_TOKEN_SCOPES.length),
  /** Who created it (a user id), or absent for a token made by `machinaut token create`. */
  createdBy: z.uuid().optional(),
  expiresAt: z.date().optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

/**
 * Creates an API token for a project of `tenantId`. The returned `token` is the only copy of the
 * secret anywhere: show it once; the database keeps sha256(token). A project of another tenant is
 * invisible under row-level security, so it is "not found", never "forbidden".
 */
export async function createApiToken(
  db: Db,
  tenantId: string,
  input: CreateApiTokenInput,
): Promise<ApiTokenInfo & { token: string }> {
  const parsed = createApiTokenInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, "invalid-request", `${issue.path.join(".") || "input"}: ${issue.message}`);
  }
  const { projectId, name, scopes, createdBy, expiresAt } = parsed.data;
  const { token, hash } = generateApiToken(tenantId);
  const row = await db.withTenantSql(tenantId, async (tx) => {
    const [project] = await tx`SELECT id FROM projects WHERE id = ${projectId}`;
    if (project === undefined) throw new ApiError(404, "not-found", "no such project");
    const [created] = await tx<TokenRow[]>`
      INSERT INTO api_tokens (tenant_id, id, project_id, name, token_hash, scopes, created_by, expires_at)
      VALUES (${tenantId}, gen_random_uuid(), ${projectId}, ${name}, ${hash}, ${scopes}::text[],
        ${createdBy ?? null}, ${expiresAt ?? null})
      RETURNING id, project_id, name, scopes, created_by, created_at, expires_at, revoked_at, last_used_at`;
    return created!;
  });
  return { ...tokenInfoOf(row), token };
}
