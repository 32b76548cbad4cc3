import type { PinnedKey, PinnedKeyLevel, PinnedKeyRole, PinnedKeySet } from "./pinned-key.ts";

export type PinnedKeyRejection = "unknown-key" | "revoked" | "level-not-authorized" | "wrong-role";

export type PinnedKeyLookup =
  | { ok: true; key: PinnedKey }
  | { ok: false; code: PinnedKeyRejection; key?: PinnedKey };

/**
 * Looks a key id up for use. A revoked key is a failure ("revoked"), not a hit with a flag the
 * caller might forget to check. With `require`, also checks the key is authorized for that level
 * and holds that role (decision check 1 in protocol §5).
 */
export function findPinnedKey(
  set: PinnedKeySet,
  keyId: string,
  require?: { level?: PinnedKeyLevel; role?: PinnedKeyRole },
): PinnedKeyLookup {
  const key = set.keys.find((candidate) => candidate.keyId === keyId);
  if (key === undefined) return { ok: false, code: "unknown-key" };
  if (key.revokedAt !== undefined) return { ok: false, code: "revoked", key };
  if (require?.role !== undefined && key.role !== require.role) return { ok: false, code: "wrong-role", key };
  if (require?.level !== undefined && !key.levels.includes(require.level)) {
    return { ok: false, code: "level-not-authorized", key };
  }
  return { ok: true, key };
}
