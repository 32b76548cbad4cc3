import { randomBytes } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
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
 * A takeover mutex whose holder died is itself a stale lock, taken over under the next level
 * (`.takeover.takeover`, …). Each level needs one more process killed inside a takeover; past
 * this depth the lock is refused rather than followed further.
 */
const MAX_TAKEOVER_DEPTH = 8;
/**
 * Takes the single-writer lock of a log: `<file>.lock`, holding the owner's pid, host and a random
 * token. Two writers appending to one file would interleave lines and fork the chain, so a live
 * owner means refusal ("locked").
 *
 * Locks only ever appear by link(2) of a fully written file (atomic, fails if the name exists), so
 * a lock is never seen empty or half written. A lock left by a dead process on this host (kill -9,
 * crash) is taken over under a second lock, `<file>.lock.takeover`: only its holder may remove a
 * stale lock, and it re-reads the lock first, so a fresh lock taken meanwhile is never removed.
 * Without it, two contenders could each remove what the other just created and both "own" the log.
 */
export async function acquireLock(logFile: string): Promise<HeldLock> {
  const path = lockFilePath(logFile);
  const me: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(16).toString("hex") };
  const draft = `${path}.${me.token}.tmp`;
  try {
    await writeFile(draft, `${JSON.stringify(me)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw new LogError("lock-failed", `cannot write lock ${draft}`, { cause: error });
  }
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await tryLink(draft, path)) return { path, release: () => releaseLock(path, me.token) };
      const seen = await readLockText(path);
      if (seen === undefined) continue; // released meanwhile: try again
      const owner = parseOwner(seen);
      if (owner === undefined || isAlive(owner)) {
        // An unreadable lock is treated as live: refusing is safe, guessing is not.
        const who = owner ? `pid ${owner.pid} on ${owner.host}` : "an unknown owner";
        throw new LogError("locked", `${logFile} is locked by ${who}`);
      }
      await removeStaleLock(path, seen, draft, me.token);
    }
    throw new LogError("lock-failed", `could not take the lock ${path} after ${MAX_ATTEMPTS} attempts`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Removes the lock at `path` if it still reads `staleText`, holding the takeover mutex
 * `<path>.takeover` meanwhile. Only the holder of a level's mutex may remove that level's stale
 * file, so the read-then-unlink in removeIfStill cannot race a contender's fresh link.
 *
 * A mutex whose holder is dead (kill -9 inside a takeover) is taken over at once by the same rule
 * one level up, not left to age: waiting on it blocked every writer of the log for 10 s, and age
 * proved nothing anyway (two contenders could both find the dead mutex old and both remove it).
 */
async function removeStaleLock(
  path: string,
  staleText: string,
  draft: string,
  token: string,
  depth = 0,
): Promise<void> {
  const mutex = `${path}.takeover`;
  if (!(await tryLink(draft, mutex))) {
    const holder = await readLockText(mutex);
    if (holder === undefined) return; // finished meanwhile: try again
    const owner = parseOwner(holder);
    if (owner === undefined || isAlive(owner) || depth + 1 >= MAX_TAKEOVER_DEPTH) {
      throw new LogError("locked", `${path} is being taken over by another writer`);
    }
    // Its holder died mid-takeover: remove the dead mutex under the next level's mutex, then let
    // the caller try again from the top (the stale lock below may be gone by then).
    await removeStaleLock(mutex, holder, draft, token, depth + 1);
    return;
  }
  try {
    // Under the mutex the lock cannot change between this read and the unlink: a live owner never
    // removes its own lock while alive, and only the mutex holder removes a stale one.
    await removeIfStill(path, staleText);
  } finally {
    await releaseLock(mutex, token);
  }
}

async function removeIfStill(path: string, text: string): Promise<void> {
  if ((await readLockText(path)) === text) await unlink(path).catch(() => undefined);
}

async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new LogError("lock-failed", `cannot create lock ${to}`, { cause: error });
  }
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
