import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Envelope } from "@lodestar/envelope";
import { readLog } from "@lodestar/log";
import type { LodestarHome } from "./home/lodestar-home.ts";

/**
 * Streams every session log of a home once, in file order. A damaged log contributes what precedes
 * the damage (its tail is not vouched for) and is reported; a torn tail of a live log is normal.
 */
export async function replaySessions(
  home: LodestarHome,
  feed: (envelope: Envelope, file: string) => void,
): Promise<string[]> {
  const warnings: string[] = [];
  const names = (await readdir(home.sessionsDir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".ndjson"))
    .sort();
  for (const name of names) {
    const file = join(home.sessionsDir, name);
    try {
      for await (const envelope of readLog(file)) feed(envelope, file);
    } catch (error) {
      warnings.push(`${name}: ${(error as Error).message}`);
    }
  }
  return warnings;
}
