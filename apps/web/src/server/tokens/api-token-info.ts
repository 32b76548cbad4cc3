import type { ApiTokenScope } from "./api-token-format.ts";

/** What may be shown about a token: never its secret, never its hash. */
export interface ApiTokenInfo {
  id: string;
  projectId: string;
  name: string;
  scopes: ApiTokenScope[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** An api_tokens row as selected by the token services (the hash column is never selected). */
export interface TokenRow {
  id: string;
  project_id: string;
  name: string;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export function tokenInfoOf(row: TokenRow): ApiTokenInfo {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    scopes: row.scopes as ApiTokenScope[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
