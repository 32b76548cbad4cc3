import { toBase64Url } from "../base64url.ts";
import { KeyError } from "../key-error.ts";
import { keyIdOf } from "../key-id.ts";
import { keyNameSchema } from "../key-name.ts";
import {
  PINNED_KEY_LEVELS,
  PINNED_KEY_ROLES,
  type PinnedKey,
  type PinnedKeyLevel,
  type PinnedKeyRole,
  type PinnedKeySet,
} from "../pinned-key.ts";
import { loadPinnedKeys, savePinnedKeys } from "./pinned-keys-file.ts";

export interface PinKeyInput {
  name: string;
  publicKey: Uint8Array;
  levels: readonly PinnedKeyLevel[];
  role: PinnedKeyRole;
}

/**
 * Adds a key to pinned-keys.json (creating the file if absent). Refuses a duplicate name or key:
 * in particular a revoked key can never be re-pinned under a new name to undo its revocation.
 * Not safe against a concurrent writer of the same file; it is an operator command.
 */
export async function pinKey(path: string, input: PinKeyInput, now: Date = new Date()): Promise<PinnedKey> {
  if (!keyNameSchema.safeParse(input.name).success) {
    throw new KeyError("invalid-argument", `invalid key name ${JSON.stringify(input.name)}`);
  }
  if (input.levels.length === 0 || !input.levels.every((level) => PINNED_KEY_LEVELS.includes(level))) {
    throw new KeyError(
      "invalid-argument",
      `levels must be a non-empty subset of ${PINNED_KEY_LEVELS.join(",")}`,
    );
  }
  if (!PINNED_KEY_ROLES.includes(input.role)) {
    throw new KeyError("invalid-argument", `role must be one of ${PINNED_KEY_ROLES.join(",")}`);
  }
  const keyId = keyIdOf(input.publicKey);
  const set = await loadOrEmpty(path);
  const clash = set.keys.find((key) => key.name === input.name || key.keyId === keyId);
  if (clash !== undefined) {
    throw new KeyError("duplicate-key", `already pinned as ${clash.name} (${clash.keyId})`);
  }
  const entry: PinnedKey = {
    name: input.name,
    keyId,
    publicKey: toBase64Url(input.publicKey),
    levels: [...new Set(input.levels)].sort(),
    role: input.role,
    addedAt: now.toISOString(),
  };
  await savePinnedKeys(path, { v: 1, keys: [...set.keys, entry] });
  return entry;
}

/** Marks a pinned key revoked. Idempotent: revoking again keeps the first revocation time and reason. */
export async function revokeKey(
  path: string,
  name: string,
  reason?: string,
  now: Date = new Date(),
): Promise<PinnedKey> {
  const set = await loadPinnedKeys(path);
  const index = set.keys.findIndex((key) => key.name === name);
  const existing = set.keys[index];
  if (existing === undefined)
    throw new KeyError("unknown-key", `no pinned key named ${JSON.stringify(name)}`);
  if (existing.revokedAt !== undefined) return existing;
  const revoked: PinnedKey = {
    ...existing,
    revokedAt: now.toISOString(),
    ...(reason === undefined ? {} : { revokedReason: reason }),
  };
  const keys = set.keys.map((key, i) => (i === index ? revoked : key));
  await savePinnedKeys(path, { v: 1, keys });
  return revoked;
}

async function loadOrEmpty(path: string): Promise<PinnedKeySet> {
  try {
    return await loadPinnedKeys(path);
  } catch (error) {
    if (error instanceof KeyError && error.code === "file-not-found") return { v: 1, keys: [] };
    throw error;
  }
}
