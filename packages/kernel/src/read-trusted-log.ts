import { lstat } from "node:fs/promises";
import { basename } from "node:path";
import type { Envelope } from "@lodestar/envelope";
import { readCoveredLog, type UncoveredTooLong, type VerifyFailureCode } from "@lodestar/log";

/** Why a session log, or its tail, was not read. */
export type UntrustedLogCode =
  | VerifyFailureCode
  | UncoveredTooLong["code"]
  /** The chain verifies but envelopes follow the last pinned checkpoint: they were not read. */
  | "uncovered"
  /** No checkpoint signed by a pinned operator key covers any of it: nothing was read. */
  | "no-checkpoint"
  /** Not a regular file (a directory, a FIFO that would block the reader, a symlink). */
  | "not-a-file"
  /** The file name is not `<session>.ndjson` for a valid session name. */
  | "bad-name"
  | "unreadable";

/** A session log that was not read, or read only up to a point. Reported, never silently used. */
export interface UntrustedLog {
  file: string;
  code: UntrustedLogCode;
  /** Envelopes that were read (0: none): the part a pinned checkpoint covers, before any break. */
  read: number;
  /** First seq that was not read, where known. */
  seq?: number;
  /** One line for a person: names the file, what was not read, and why. */
  message: string;
}

const SESSION_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,127})\.ndjson$/;

/**
 * Opens a session log only as far as it is verified: the one place session replay, hold listing
 * and the ladder read logs through. Threat (threats.md): an agent that can write into sessions/
 * plants a log — copied from another session, or built by hand with valid hashes — to raise its
 * rung or show the approver a harmless hold. So a log is read only where its chain verifies AND a
 * checkpoint signed by a pinned operator key (or the head file holding one) covers it, and only if
 * the session inside is the one its file name says (a copy of another session's log is refused).
 * Envelopes past the last covered seq are never fed; whatever was not read is returned as a
 * report. Never throws for a bad file: a planted file must not stop a guard from starting.
 */
export async function readTrustedLog(
  file: string,
  trustedOperatorKeys: (keyId: string) => Uint8Array | undefined,
  feed: (envelope: Envelope) => void,
): Promise<UntrustedLog | undefined> {
  const name = basename(file);
  const session = SESSION_FILE.exec(name)?.[1];
  let read = 0;
  const report = (code: UntrustedLogCode, message: string, seq?: number): UntrustedLog => ({
    file,
    code,
    read,
    ...(seq === undefined ? {} : { seq }),
    message: `${name}: ${read === 0 ? "not read" : `read up to seq ${read - 1}, the rest not read`} (${code}): ${message}`,
  });
  if (session === undefined) return report("bad-name", "not <session>.ndjson");
  try {
    // lstat, not stat: a symlink or a FIFO planted under a session's name is refused before open.
    if (!(await lstat(file)).isFile()) return report("not-a-file", "not a regular file");
    const result = await readCoveredLog(
      file,
      (envelopes) => {
        for (const envelope of envelopes) feed(envelope);
        read += envelopes.length;
      },
      { trustedKeys: trustedOperatorKeys, session },
    );
    if (!result.ok)
      return report(result.code, `${result.message} (seq ${result.seq}, line ${result.line})`, result.seq);
    if (result.coverage === "covered") return undefined;
    if (result.coverage === "no-checkpoint") {
      return report("no-checkpoint", "no checkpoint signed by a pinned operator key covers it", 0);
    }
    return report(
      "uncovered",
      `seq ${read}–${result.head?.seq} follow the last pinned checkpoint (a live session, or lines nobody signed)`,
      read,
    );
  } catch (error) {
    // Feed callbacks are ours and do not throw; this is I/O (the file vanished, EACCES, EIO).
    return report("unreadable", (error as Error).message);
  }
}
