import { fromBase64Url } from "@lodestar/crypto";
import type { TenantSql } from "@lodestar/db";

/**
 * The operator keys registered (and not revoked) for a project, as the verifier's trustedKeys: a
 * checkpoint signed by any other key is refused (`untrusted-checkpoint-key`), so a shipped log's
 * tail is vouched for by a key its owner registered, not by the key the log itself carries.
 */
export async function trustedProjectKeys(
  tx: TenantSql,
  projectId: string,
): Promise<(keyId: string) => Uint8Array | undefined> {
  const rows = await tx<{ key_id: string; public_key: string }[]>`
    SELECT key_id, public_key FROM operator_keys WHERE project_id = ${projectId} AND revoked_at IS NULL`;
  const keys = new Map(rows.map((r) => [r.key_id, fromBase64Url(r.public_key)]));
  return (keyId) => keys.get(keyId);
}
