import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

let dropped = 0;

/**
 * The transport, as an attacker holds it: drops any JSON into `.lodestar/approvals/` (atomically,
 * as a real transport would) and returns the file name the guard will file it under.
 */
export async function dropDecision(home: string, value: unknown): Promise<string> {
  const name = `drop-${process.pid}-${dropped++}.json`;
  const dir = join(home, "approvals");
  await writeFile(join(dir, `.${name}.tmp`), typeof value === "string" ? value : JSON.stringify(value));
  await rename(join(dir, `.${name}.tmp`), join(dir, name));
  return name;
}

/**
 * What the running guard made of a dropped file: "applied", or the reason code it filed the file
 * under in rejected/ (read from its .reason.json). Waits on the file system, not a clock.
 */
export async function guardVerdict(home: string, name: string, timeoutMs = 15_000): Promise<string> {
  const dir = join(home, "approvals");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(join(dir, "applied", name))) return "applied";
    const reason = join(dir, "rejected", `${name}.reason.json`);
    if (existsSync(reason)) {
      try {
        return (JSON.parse(await readFile(reason, "utf8")) as { code: string }).code;
      } catch {
        // written but not yet complete: read again
      }
    }
    if (Date.now() > deadline) throw new Error(`the guard never filed ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Drops a value and returns the guard's verdict on it. */
export async function dropAndWait(home: string, value: unknown): Promise<string> {
  return guardVerdict(home, await dropDecision(home, value));
}
