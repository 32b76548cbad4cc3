import { closeSync, constants, type FSWatcher, fstatSync, openSync, readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { fromBase64Url, KeyError, type PinnedKeySet, parsePinnedKeys, sha256Hex } from "@lodestar/crypto";
import type { ActionLevel, TrustedKey } from "@lodestar/protocol";

/** The pinned keys as one verification sees them. */
export interface PinnedKeyView {
  findKey(keyId: string): TrustedKey | undefined;
  /**
   * The operator's identity: the home's own operator public key plus every key pinned with role
   * operator. Self-approval is judged against these keys, never against a label.
   */
  operatorKeys: readonly Uint8Array[];
}

// pinned-keys.json is a trust anchor: group/other-writable or foreign-owned copies are refused,
// as @lodestar/crypto's loadPinnedKeys refuses them.
const FORBIDDEN_MODE_BITS = 0o022;

/**
 * pinned-keys.json as it is on disk now, for a guard that runs for hours while the operator edits
 * it (`lodestar keys revoke dave` must reach holds that are already open: threat "keep using a key
 * after the operator revoked it"). Every verification re-reads the file and compares its SHA-256
 * with the copy in memory, so a missed or late watch event can never let a revoked key through;
 * the watcher only refreshes early and reports a file that became unusable. A file that cannot be
 * read or parsed fails closed: `current()` throws and the decision is refused, never checked
 * against an older copy.
 */
export class LivePinnedKeys {
  readonly #file: string;
  readonly #operatorPublicKey: Uint8Array | undefined;
  readonly #onWarning: (message: string) => void;
  #digest = "";
  #view: PinnedKeyView | undefined;
  #watcher: FSWatcher | undefined;

  constructor(file: string, operatorPublicKey: Uint8Array | undefined, onWarning: (message: string) => void) {
    this.#file = file;
    this.#operatorPublicKey = operatorPublicKey;
    this.#onWarning = onWarning;
  }

  /** The keys of the file as it is at this instant. Throws (KeyError) when it is unusable. */
  current(): PinnedKeyView {
    const text = readTrustFile(this.#file);
    const digest = sha256Hex(new TextEncoder().encode(text));
    if (this.#view !== undefined && digest === this.#digest) return this.#view;
    const view = viewOf(parsePinnedKeys(text, this.#file), this.#operatorPublicKey);
    this.#digest = digest;
    this.#view = view;
    return view;
  }

  /** Watches the folder (an atomic replace swaps the file's inode, so the file itself is not watched). */
  watch(): void {
    const name = basename(this.#file);
    try {
      this.#watcher = watch(dirname(this.#file), (_event, changed) => {
        if (changed !== null && changed !== name) return;
        try {
          this.current();
        } catch (error) {
          this.#onWarning(
            `pinned keys unusable, every decision is refused until fixed: ${(error as Error).message}`,
          );
        }
      });
      this.#watcher.on("error", () => this.#watcher?.close());
      this.#watcher.unref();
    } catch {
      // No watcher on this file system: every verification still reads the file.
    }
  }

  close(): void {
    this.#watcher?.close();
  }
}

/** A regular file we own, not writable by others, read through one descriptor (no swap between check and read). */
function readTrustFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY);
  } catch (error) {
    throw new KeyError(
      "file-not-found",
      `pinned keys file not readable: ${file} (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new KeyError("not-a-file", `pinned keys file is not a regular file: ${file}`);
    if (process.platform !== "win32") {
      if ((stats.mode & FORBIDDEN_MODE_BITS) !== 0)
        throw new KeyError(
          "insecure-permissions",
          `pinned keys file ${file} is group/other-writable; refusing it`,
        );
      const uid = process.getuid?.();
      if (uid !== undefined && stats.uid !== uid && stats.uid !== 0)
        throw new KeyError(
          "insecure-permissions",
          `pinned keys file ${file} is owned by uid ${stats.uid}, not by us`,
        );
    }
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

function viewOf(set: PinnedKeySet, operatorPublicKey: Uint8Array | undefined): PinnedKeyView {
  const byId = new Map<string, TrustedKey>();
  const operatorKeys: Uint8Array[] = operatorPublicKey !== undefined ? [operatorPublicKey] : [];
  for (const k of set.keys) {
    const publicKey = fromBase64Url(k.publicKey);
    byId.set(k.keyId, {
      name: k.name,
      keyId: k.keyId,
      publicKey,
      levels: k.levels as readonly ActionLevel[],
      role: k.role,
      revoked: k.revokedAt !== undefined,
    });
    if (k.role === "operator") operatorKeys.push(publicKey);
  }
  return { findKey: (keyId) => byId.get(keyId), operatorKeys };
}
