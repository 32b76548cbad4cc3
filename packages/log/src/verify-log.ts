import { type FileHandle, open } from "node:fs/promises";
import { ChainVerifier } from "./chain-verifier.ts";
import { checkClaimSignature } from "./checkpoint.ts";
import { readHeadFile } from "./head-file.ts";
import { DEFAULT_MAX_LINE_BYTES, fileChunks, type LogSource, readLines } from "./line-reader.ts";
import { LogError } from "./log-error.ts";
import { parseChunk } from "./parse-chunk.ts";
import { type ParsedLine, parsedLineOf } from "./parse-line.ts";
import { checkInWorkers, defaultWorkers } from "./verify-pool.ts";
import type { VerifyFailure, VerifyOptions, VerifyResult } from "./verify-result.ts";

export interface VerifyLogOptions extends VerifyOptions {
  /**
   * For a file path: also check the `<file>.head` sidecar (default true). The log must reach the
   * checkpoint it records and agree with it, which catches tail truncation below that checkpoint.
   */
  headFile?: boolean;
  /**
   * Worker threads that check lines beside the calling thread (a file path only). Default: none
   * below 8 MiB, otherwise one per extra core, up to 3. The result is the same either way: the
   * chain rules always run in file order on the calling thread.
   */
  workers?: number;
  /**
   * Read size of the chunked path (default 1 MiB). Setting it, or workers > 0, checks a file in
   * chunks cut at newlines, the chain rules applied at chunk boundaries (the calling thread checks
   * the chunks no worker takes).
   */
  chunkBytes?: number;
}

/**
 * Verifies a whole log in constant memory and reports the first break, or a summary. Any byte of
 * the input may have been edited by whoever holds the file; nothing in it is trusted.
 */
export async function verifyLog(source: LogSource, options: VerifyLogOptions = {}): Promise<VerifyResult> {
  for (const [name, min] of [
    ["workers", 0],
    ["chunkBytes", 1],
  ] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
      throw new LogError("invalid-options", `${name} must be an integer >= ${min}`);
    }
  }
  const verifier = new ChainVerifier(options);
  let head: HeadAnchor = { headFile: "not-checked", session: undefined };
  if (typeof source === "string" && options.headFile !== false) {
    const anchored = await anchorHeadFile(source, verifier, options);
    if ("ok" in anchored) return anchored;
    head = anchored;
  }
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let checked: VerifyFailure | number;
  if (typeof source === "string") {
    const handle = await openLog(source);
    try {
      const workers = options.workers ?? defaultWorkers((await handle.stat()).size);
      checked =
        workers > 0 || options.chunkBytes !== undefined
          ? await checkChunked(handle, verifier, maxLineBytes, workers, options.chunkBytes)
          : await checkStreamed(fileChunks(handle), verifier, maxLineBytes);
    } finally {
      await handle.close();
    }
  } else {
    checked = await checkStreamed(source, verifier, maxLineBytes);
  }
  if (typeof checked !== "number") return checked;
  const nextLine = checked;
  return finishWithHead(verifier, nextLine, head);
}

/** What the head sidecar contributed to a verification. */
export interface HeadAnchor {
  headFile: "matched" | "absent" | "not-checked";
  /** Session the head file names, checked against the log's at the end. */
  session: string | undefined;
}

/**
 * Reads `<file>.head` and, if present, checks its signature and makes its claim an anchor the log
 * must reach (truncation below it fails) and a covered point. The head file is as untrusted as the
 * log: only its signature by a trusted key makes it count.
 */
export async function anchorHeadFile(
  file: string,
  verifier: ChainVerifier,
  options: VerifyOptions,
): Promise<HeadAnchor | VerifyFailure> {
  const head = await readHeadFile(file);
  if (head.state === "absent") return { headFile: "absent", session: undefined };
  if (head.state === "invalid") return headFailure("bad-checkpoint-signature", 0, head.message);
  const problem = checkClaimSignature(head.claim, options.trustedKeys);
  if (problem) return headFailure(problem.code, head.claim.seq, `head file: ${problem.message}`);
  verifier.addAnchor(head.claim);
  verifier.noteCovered(head.claim.seq);
  verifier.noteSigner(head.claim.keyId);
  return { headFile: "matched", session: head.claim.session };
}

/** Ends verification: the chain's verdict, then the head file's session against the log's. */
export function finishWithHead(verifier: ChainVerifier, nextLine: number, head: HeadAnchor): VerifyResult {
  const result = verifier.finish(nextLine);
  if (!result.ok) return result;
  if (head.session !== undefined && result.session !== undefined && head.session !== result.session) {
    return headFailure("session-mismatch", 0, `head file is for session ${head.session}`);
  }
  return { ...result, headFile: head.headFile };
}

async function openLog(file: string): Promise<FileHandle> {
  try {
    return await open(file, "r");
  } catch (error) {
    throw new LogError("io", `cannot open ${file}`, { cause: error });
  }
}

/** Checks line by line in one pass; the first failure, or the number the next line would have. */
async function checkStreamed(
  source: LogSource,
  verifier: ChainVerifier,
  maxLineBytes: number,
): Promise<VerifyFailure | number> {
  let nextLine = 1;
  for await (const items of readLines(source, maxLineBytes)) {
    const failure = feed(verifier, items.map(parsedLineOf));
    if (failure) return failure;
    nextLine = items[items.length - 1]!.line + 1;
  }
  return nextLine;
}

/** Checks chunk by chunk (see checkInWorkers); same result as checkStreamed. */
async function checkChunked(
  handle: FileHandle,
  verifier: ChainVerifier,
  maxLineBytes: number,
  workers: number,
  chunkBytes: number | undefined,
): Promise<VerifyFailure | number> {
  let nextLine = 1;
  const chunks = checkInWorkers(handle, verifier.anchorPoints, { maxLineBytes, workers, chunkBytes });
  for await (const { chunk, run } of chunks) {
    const taken = run ? verifier.acceptRun(run) : "replay";
    if (taken === "replay") {
      // Not a clean continuation: the chain rules see its lines one by one and name the break.
      const lines = parseChunk(chunk, maxLineBytes);
      const failure = feed(verifier, lines);
      if (failure) return failure;
      nextLine = lines[lines.length - 1]!.line + 1;
    } else if (taken) {
      return taken;
    } else {
      nextLine = run!.nextLine;
    }
  }
  return nextLine;
}

/** Feeds lines to the chain rules in order; the first failure. */
function feed(verifier: ChainVerifier, lines: readonly ParsedLine[]): VerifyFailure | undefined {
  for (const { entry, line, text } of lines) {
    const failure = verifier.next(entry, line, text);
    if (failure) return failure;
  }
  return undefined;
}

function headFailure(code: VerifyFailure["code"], seq: number, message: string): VerifyFailure {
  return { ok: false, code, seq, line: 0, message };
}
