import { fromBase64Url, keyIdOf } from "@lodestar/crypto";
import type { Db } from "@lodestar/db";
import type { JobSink } from "@lodestar/queue";
import { ApiError } from "../http/api-error.ts";

export interface OperatorKeyInput {
  keyId: string;
  publicKey: string;
  name: string;
}

/**
 * Registers a project's operator public key: the key whose signed checkpoints make a shipped
 * session `verified`. The key id must be the one derived from the key (a mismatched pair could
 * otherwise make one key answer for another id). Idempotent; a revoked key stays revoked (409):
 * re-registering must not revive what an admin revoked.
 */
export async function registerOperatorKey(
  db: Db,
  jobs: JobSink,
  tenantId: string,
  projectId: string,
  input: OperatorKeyInput,
): Promise<{ keyId: string; name: string; created: boolean }> {
  let derived: string;
  try {
    derived = keyIdOf(fromBase64Url(input.publicKey));
  } catch {
    throw new ApiError(400, "invalid-request", "publicKey: not an Ed25519 public key (32 bytes, base64url)");
  }
  if (derived !== input.keyId) {
    throw new ApiError(400, "invalid-request", `keyId: the key's id is ${derived}, not ${input.keyId}`);
  }
  const created = await db.withTenantSql(tenantId, async (tx) => {
    const inserted = await tx`
      INSERT INTO operator_keys (tenant_id, project_id, key_id, public_key, name)
      VALUES (${tenantId}, ${projectId}, ${input.keyId}, ${input.publicKey}, ${input.name})
      ON CONFLICT (tenant_id, project_id, key_id) DO NOTHING RETURNING key_id`;
    if (inserted.length > 0) return true;
    const [existing] = await tx<{ revoked_at: Date | null }[]>`
      SELECT revoked_at FROM operator_keys WHERE project_id = ${projectId} AND key_id = ${input.keyId}`;
    if (existing?.revoked_at) {
      throw new ApiError(409, "key-conflict", `key ${input.keyId} was revoked for this project`);
    }
    return false;
  });
  // A new trusted key can turn stored sessions verified: re-check them off the request path.
  if (created)
    await jobs.enqueue(
      "reverify",
      { tenantId, projectId },
      { jobId: `reverify:${projectId}:${input.keyId}` },
    );
  return { keyId: input.keyId, name: input.name, created };
}
