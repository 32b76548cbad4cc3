import { parsePinnedKeys } from "../parse-pinned-keys.ts";
import type { PinnedKeySet } from "../pinned-key.ts";
import { readCheckedFile, replaceFileAtomically } from "./secure-file.ts";

// Node only (file I/O): exported from "@lodestar/crypto/node".

// A trust anchor: whoever can write it can pin their own approver key. Group/other-writable files
// are refused; readable is fine (public keys only).
const FORBIDDEN_MODE_BITS = 0o022;
const FILE_MODE = 0o644;

/** Loads and validates pinned-keys.json; every error names the offending field. */
export async function loadPinnedKeys(path: string): Promise<PinnedKeySet> {
  const text = await readCheckedFile(path, {
    forbiddenModeBits: FORBIDDEN_MODE_BITS,
    what: "pinned keys file",
  });
  return parsePinnedKeys(text, path);
}

/** Writes `set` atomically in the canonical file layout. */
export async function savePinnedKeys(path: string, set: PinnedKeySet): Promise<void> {
  await replaceFileAtomically(path, `${JSON.stringify(set, null, 2)}\n`, FILE_MODE);
}
