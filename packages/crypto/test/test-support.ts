import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Iterations per property: quick by default, thorough with LODESTAR_SLOW set. */
export const runs = process.env.LODESTAR_SLOW ? 10_000 : 300;

/** Parses a JSON vector file under test/vectors/. */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), "utf8")) as T;
}

export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "hex"));
}

/** A fresh private temp directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "lodestar-crypto-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
