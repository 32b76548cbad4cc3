import { readFile, rm, writeFile } from "node:fs/promises";
import { z } from "zod";

const runSchema = z.strictObject({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  /** The app role's URL of the embedded cluster (loopback only); absent when DATABASE_URL is used. */
  appUrl: z.string().optional(),
});
export type RunInfo = z.infer<typeof runSchema>;

/** Written while a server runs, so `machinaut token create` reaches the same embedded database. */
export async function writeRunFile(file: string, info: RunInfo): Promise<void> {
  await writeFile(file, `${JSON.stringify(info)}\n`, { mode: 0o600 });
}

/** The running server's info, or undefined when none runs (a stale file of a dead pid is ignored). */
export async function readRunFile(file: string): Promise<RunInfo | undefined> {
  let info: RunInfo;
  try {
    info = runSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
  } catch {
    return undefined;
  }
  return info;
}

export async function removeRunFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
