import { randomBytes } from "node:crypto";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { LogError } from "./log-error.ts";

/** Path of the exclusive lock next to a log file. */
export function lockFilePath(logFile: string): string {
  return `${logFile}.lock`;
}

/** Held lock; release() removes it only if it is still ours. */
export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Takes the single-writer lock of a log: `<file>.lock`, created with O_EXCL and holding the owner's
 * pid, host and a random token. Two writers appending to one file would interleave lines and fork
 * the chain, so a live owner means refusal ("locked"). A lock left by a dead process on this host
 * (kill -9, crash) is taken over: it is first renamed aside, which only one contender can do, and
 * re-read to make sure it was the stale lock and not a fresh one taken in between.
 */
export async function acquireLock(logFile: string): Promise<HeldLock> {
  const path = lockFilePath(logFile);
  const me: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(16).toString("hex") };
  // The lock appears by link(2) of a fully written file, so it is never seen empty or half
  // written (a kill -9 between create and write would otherwise leave an unjudgeable lock).
  const draft = `${path}.${me.token}.tmp`;
  try {
    await writeFile(draft, `${JSON.stringify(me)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw new LogError("lock-failed", `cannot write lock ${draft}`, { cause: error });
  }
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        await link(draft, path);
        return { path, release: () => releaseLock(path, me.token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new LogError("lock-failed", `cannot create lock ${path}`, { cause: error });
        }
      }
      const seen = await readLockText(path);
      if (seen === undefined) continue; // released meanwhile: try again
      const owner = parseOwner(seen);
      if (owner === undefined || isAlive(owner)) {
        // An unreadable lock is treated as live: refusing is safe, guessing is not.
        const who = owner ? `pid ${owner.pid} on ${owner.host}` : "an unknown owner";
        throw new LogError("locked", `${logFile} is locked by ${who}`);
      }
      await takeOverStale(path, seen);
    }
    throw new LogError("lock-failed", `could not take the lock ${path} after ${MAX_ATTEMPTS} attempts`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

async function takeOverStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else moved it
    throw new LogError("lock-failed", `cannot move stale lock ${path}`, { cause: error });
  }
  const moved = await readLockText(aside);
  if (moved !== staleText) {
    // Between our read and our rename another process took over and locked afresh: put its lock
    // back (link fails if yet another lock appeared, which then stands) and refuse.
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    throw new LogError("locked", `${path} was taken by another writer`);
  }
  await unlink(aside);
}

async function releaseLock(path: string, token: string): Promise<void> {
  const text = await readLockText(path);
  if (text !== undefined && parseOwner(text)?.token === token) await unlink(path);
}

async function readLockText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new LogError("lock-failed", `cannot read lock ${path}`, { cause: error });
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      Number.isSafeInteger(value.pid) &&
      typeof value.host === "string" &&
      typeof value.token === "string"
    ) {
      return value as LockOwner;
    }
  } catch {
    // fall through: not a lock we wrote
  }
  return undefined;
}

function isAlive(owner: LockOwner): boolean {
  // A pid on another host cannot be checked from here (shared filesystem): assume it is alive.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
