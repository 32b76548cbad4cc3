import { fromBase64Url } from "@lodestar/crypto";
import type { TenantSql } from "@lodestar/db";

/** A project's registered, unrevoked operator keys: key id → base64url public key. */
export type ProjectKeys = ReadonlyMap<string, string>;

/** The operator keys registered (and not revoked) for a project. */
export async function projectKeys(tx: TenantSql, projectId: string): Promise<ProjectKeys> {
  const rows = await tx<{ key_id: string; public_key: string }[]>`
    SELECT key_id, public_key FROM operator_keys WHERE project_id = ${projectId} AND revoked_at IS NULL`;
  return new Map(rows.map((r) => [r.key_id, r.public_key]));
}

/**
 * The keys as the verifier's trustedKeys: a checkpoint signed by any other key is refused
 * (`untrusted-checkpoint-key`), so a shipped log's tail is vouched for by a key its owner
 * registered, not by the key the log itself carries.
 */
export function trustedKeysOf(keys: ProjectKeys): (keyId: string) => Uint8Array | undefined {
  const decoded = new Map([...keys].map(([id, key]) => [id, fromBase64Url(key)]));
  return (keyId) => decoded.get(keyId);
}

/** True when both reads hold exactly the same keys (none registered, revoked or replaced between). */
export function sameKeys(a: ProjectKeys, b: ProjectKeys): boolean {
  if (a.size !== b.size) return false;
  for (const [id, key] of a) if (b.get(id) !== key) return false;
  return true;
}

/** The project's keys as the verifier's trustedKeys, read in the caller's transaction. */
export async function trustedProjectKeys(
  tx: TenantSql,
  projectId: string,
): Promise<(keyId: string) => Uint8Array | undefined> {
  return trustedKeysOf(await projectKeys(tx, projectId));
}
