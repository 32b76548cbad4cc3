import { stat } from "node:fs/promises";
import { EnvelopeError, readEnvelopeLine, type Sensitivity } from "@lodestar/envelope";
import { readLines } from "@lodestar/log";
import { lastCompleteLine } from "./last-line.ts";
import type { IngestAnswer, MachinautClient, RemoteHead } from "./machinaut-client.ts";
import { ProgressBar } from "./progress-bar.ts";
import { redactLine } from "./redact-line.ts";
import { refusedError } from "./ship-exit.ts";

export interface ShipResult {
  session: string;
  /** Envelopes this run sent and the server stored. */
  sent: number;
  /** Envelopes the server already had (not sent, or sent and found stored). */
  skipped: number;
  headSeq: number | null;
  headHash: string | null;
}

export interface ShipOptions {
  ceiling: Sensitivity;
  /** Raw bytes per request (before gzip). */
  chunkBytes: number;
  progress: boolean;
}

/**
 * Ships one session log: asks the server for its head, sends only what follows it, in chunks,
 * each stored all-or-nothing. Interrupted at any point, the next run resumes from the server's
 * head; run again on a shipped log, it sends nothing. Lines are redacted to the ceiling before
 * they are queued for sending.
 */
export async function shipSession(
  file: string,
  session: string,
  client: MachinautClient,
  options: ShipOptions,
): Promise<ShipResult> {
  const remote = await client.head(session);
  const last = await lastCompleteLine(file);
  if (remote !== undefined && last !== undefined) {
    const local = parseLocal(last, file);
    if (local.seq === remote.headSeq) {
      if (local.hash !== remote.headHash) throw forkError(session, remote.headSeq);
      return {
        session,
        sent: 0,
        skipped: remote.headSeq + 1,
        headSeq: remote.headSeq,
        headHash: remote.headHash,
      };
    }
    if (local.seq < remote.headSeq) {
      throw refusedError(
        `${session}: the server holds seq ${remote.headSeq}, past this log's last seq ${local.seq} (a truncated or replaced log) [fork]`,
      );
    }
  }
  return sendAfter(file, session, remote, client, options);
}

/** Requests sent before the first answer is awaited. */
const MAX_IN_FLIGHT = 2;

async function sendAfter(
  file: string,
  session: string,
  remote: RemoteHead | undefined,
  client: MachinautClient,
  options: ShipOptions,
): Promise<ShipResult> {
  const resumeAfter = remote?.headSeq ?? -1;
  const result: ShipResult = {
    session,
    sent: 0,
    skipped: resumeAfter + 1,
    headSeq: remote?.headSeq ?? null,
    headHash: remote?.headHash ?? null,
  };
  const bar = new ProgressBar(`ship ${session}`, options.progress ? (await stat(file)).size : 0);
  let chunk: string[] = [];
  let chunkBytes = 0;
  let bytesRead = 0;
  // Up to two requests in flight while the next chunk is read and redacted: the shipper's CPU work
  // overlaps the server's, and the server verifies batch k+1 while it stores batch k. Order is the
  // server's: a batch that starts past its head waits (under its per-session lock) for the one
  // before it, and each must continue the head the previous one set.
  const inFlight: Promise<void>[] = [];
  // A failed request is kept here (its promise never rejects, so it can never go unhandled while
  // the next chunk is being read) and rethrown before anything else is sent.
  let failed: { error: unknown } | undefined;
  const settle = async (keep: number): Promise<void> => {
    while (inFlight.length > keep) await inFlight.shift();
    if (failed) throw failed.error;
  };
  const send = async (lines: string[]): Promise<void> => {
    await settle(MAX_IN_FLIGHT - 1);
    inFlight.push(
      client.ingest(lines).then(
        (answer: IngestAnswer) => {
          result.sent += answer.stored;
          result.skipped += answer.alreadyStored;
          if (result.headSeq === null || answer.headSeq > result.headSeq) {
            result.headSeq = answer.headSeq;
            result.headHash = answer.headHash;
          }
        },
        (error: unknown) => {
          failed ??= { error };
        },
      ),
    );
  };
  try {
    for await (const items of readLines(file)) {
      for (const item of items) {
        if (item.kind === "error")
          throw refusedError(`${file}: line ${item.line}: ${item.message} [${item.code}]`);
        bytesRead += Buffer.byteLength(item.text) + 1;
        // A last line without its newline is a write in progress (or torn): never shipped.
        if (!item.terminated) continue;
        const seq = item.line - 1;
        if (seq < resumeAfter) continue;
        if (seq === resumeAfter) {
          // The envelope the server holds as its head must be ours, byte for byte in hash.
          const local = parseLocal(item.text, file, item.line);
          if (local.seq !== seq || local.hash !== remote?.headHash) throw forkError(session, resumeAfter);
          continue;
        }
        const line = redactOrRefuse(item.text, options.ceiling, file, item.line);
        chunk.push(line);
        chunkBytes += line.length + 1;
        if (chunkBytes >= options.chunkBytes) {
          await send(chunk);
          chunk = [];
          chunkBytes = 0;
        }
      }
      bar.update(bytesRead, result.sent);
    }
    if (chunk.length > 0) await send(chunk);
    await settle(0);
  } finally {
    bar.done();
  }
  return result;
}

function parseLocal(text: string, file: string, line?: number): { seq: number; hash: string } {
  try {
    const envelope = readEnvelopeLine(text);
    return { seq: envelope.seq, hash: envelope.hash };
  } catch (error) {
    if (error instanceof EnvelopeError) {
      throw refusedError(
        `${file}${line ? `: line ${line}` : ": last line"}: ${error.message} [${error.code}]`,
      );
    }
    throw error;
  }
}

function redactOrRefuse(text: string, ceiling: Sensitivity, file: string, line: number) {
  try {
    return redactLine(text, ceiling);
  } catch (error) {
    if (error instanceof EnvelopeError) {
      throw refusedError(`${file}: line ${line}: ${error.message} [${error.code}] (run lodestar verify)`);
    }
    throw error;
  }
}

function forkError(session: string, seq: number) {
  return refusedError(
    `${session}: seq ${seq} differs from what the server stored: this log forks the history it has seen [fork]`,
  );
}
