import { parseStrict } from "@lodestar/jcs";
import { fromBase64Url } from "./base64url.ts";
import { fieldPath } from "./field-path.ts";
import { KeyError } from "./key-error.ts";
import { keyIdOf } from "./key-id.ts";
import { type PinnedKey, type PinnedKeySet, pinnedKeysFileSchema } from "./pinned-key.ts";

/** Validates the text of a pinned-keys file (exported for callers that hold the bytes already). */
export function parsePinnedKeys(text: string, source = "pinned keys"): PinnedKeySet {
  let raw: unknown;
  try {
    raw = parseStrict(text, { maxDepth: 8 });
  } catch (error) {
    throw new KeyError("malformed-pinned-keys", `${source} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = pinnedKeysFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    throw new KeyError("malformed-pinned-keys", `${source}: ${field}: ${issue.message}`, { field });
  }
  const keys = parsed.data.keys as PinnedKey[];
  const names = new Set<string>();
  const keyIds = new Set<string>();
  keys.forEach((key, index) => {
    const malformed = (field: string, message: string) =>
      new KeyError("malformed-pinned-keys", `${source}: keys[${index}].${field}: ${message}`, {
        field: `keys[${index}].${field}`,
      });
    let publicKey: Uint8Array;
    try {
      publicKey = fromBase64Url(key.publicKey);
    } catch {
      throw malformed("publicKey", "is not canonical base64url");
    }
    // The id is derived from the key; a mismatch means the entry would authorize a different key
    // than the one a decision's keyId names.
    if (keyIdOf(publicKey) !== key.keyId) throw malformed("keyId", "does not match publicKey");
    if (key.revokedReason !== undefined && key.revokedAt === undefined) {
      throw malformed("revokedReason", "set without revokedAt");
    }
    if (names.has(key.name)) throw malformed("name", `duplicate name ${key.name}`);
    if (keyIds.has(key.keyId)) throw malformed("keyId", `duplicate key ${key.keyId}`);
    names.add(key.name);
    keyIds.add(key.keyId);
  });
  return deepFreeze({ v: 1, keys });
}

function deepFreeze<T extends PinnedKeySet>(set: T): T {
  for (const key of set.keys) {
    Object.freeze(key.levels);
    Object.freeze(key);
  }
  Object.freeze(set.keys);
  return Object.freeze(set);
}
