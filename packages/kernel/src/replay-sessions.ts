import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fromBase64Url } from "@lodestar/crypto";
import { loadPinnedKeys } from "@lodestar/crypto/node";
import type { Envelope } from "@lodestar/envelope";
import type { LodestarHome } from "./home/lodestar-home.ts";
import { readTrustedLog, type UntrustedLog } from "./read-trusted-log.ts";

/**
 * Streams every session log of a home once, in file order, each only as far as a checkpoint signed
 * by a pinned operator key covers it (readTrustedLog). Returns a report for every log that was
 * not read, or not read to its end: a planted file, a damaged log, the tail of a live session.
 */
export async function replaySessions(
  home: LodestarHome,
  feed: (envelope: Envelope, file: string) => void,
  trustedOperatorKeys?: (keyId: string) => Uint8Array | undefined,
): Promise<UntrustedLog[]> {
  const keys = trustedOperatorKeys ?? (await pinnedOperatorKeys(home));
  const reports: UntrustedLog[] = [];
  const names = (await readdir(home.sessionsDir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".ndjson"))
    .sort();
  for (const name of names) {
    const file = join(home.sessionsDir, name);
    const report = await readTrustedLog(file, keys, (envelope) => feed(envelope, file));
    if (report !== undefined) reports.push(report);
  }
  return reports;
}

/** The home's pinned, unrevoked operator keys: the only keys whose checkpoints make a log readable. */
export async function pinnedOperatorKeys(
  home: LodestarHome,
): Promise<(keyId: string) => Uint8Array | undefined> {
  const set = await loadPinnedKeys(home.pinnedKeysFile);
  const keys = new Map(
    set.keys
      .filter((k) => k.role === "operator" && k.revokedAt === undefined)
      .map((k) => [k.keyId, fromBase64Url(k.publicKey)]),
  );
  return (keyId) => keys.get(keyId);
}
