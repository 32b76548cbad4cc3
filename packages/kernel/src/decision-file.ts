import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SignedDecision } from "@lodestar/protocol";

/** Drops a decision into an approvals folder atomically (a watcher never sees half a file). */
export async function writeDecisionFile(dir: string, decision: SignedDecision): Promise<string> {
  const name = `${decision.holdId}.${decision.nonce}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, `${JSON.stringify(decision, null, 2)}\n`, { flag: "wx", mode: 0o644 });
  const file = join(dir, name);
  await rename(tmp, file);
  return file;
}
