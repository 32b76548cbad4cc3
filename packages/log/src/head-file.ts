import { open, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { canonicalize } from "@lodestar/jcs";
import { asClaim, type CheckpointClaim } from "./checkpoint.ts";
import { syncDirectory } from "./sync-directory.ts";

const MAX_HEAD_BYTES = 64 * 1024;

/** Path of the head sidecar of a log file. */
export function headFilePath(logFile: string): string {
  return `${logFile}.head`;
}

/**
 * Atomically replaces the head sidecar with `claim` (tmp file, fsync, rename, fsync directory), so a
 * crash leaves either the old head or the new one, never a torn one. Called only after the log
 * itself was fsynced with the checkpoint in it: the head must never claim more than the log holds.
 */
export async function writeHeadFile(logFile: string, claim: CheckpointClaim): Promise<void> {
  const path = headFilePath(logFile);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w", 0o600);
  try {
    await handle.writeFile(`${canonicalize({ v: 1, ...claim })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await syncDirectory(dirname(path));
}

export type HeadFileRead =
  | { state: "absent" }
  | { state: "invalid"; message: string }
  | { state: "present"; claim: CheckpointClaim };

/** Reads the head sidecar. Its content is as untrusted as the log: it is parsed defensively. */
export async function readHeadFile(logFile: string): Promise<HeadFileRead> {
  let text: string;
  try {
    // A real head is a few hundred bytes; a planted huge file must not be read into memory.
    if ((await stat(headFilePath(logFile))).size > MAX_HEAD_BYTES) {
      return { state: "invalid", message: "head file is too large" };
    }
    text = await readFile(headFilePath(logFile), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "absent" };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { state: "invalid", message: "head file is not JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { state: "invalid", message: "head file is not an object" };
  }
  const { v, session, ...rest } = parsed as Record<string, unknown>;
  if (v !== 1 || typeof session !== "string")
    return { state: "invalid", message: "head file is not a v1 head" };
  const claim = asClaim(session, rest);
  return claim === undefined
    ? { state: "invalid", message: "head file fields are malformed" }
    : { state: "present", claim };
}

/** Removes a leftover tmp file from a crash during writeHeadFile. */
export async function removeStaleHeadTmp(logFile: string): Promise<void> {
  await unlink(`${headFilePath(logFile)}.tmp`).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}
