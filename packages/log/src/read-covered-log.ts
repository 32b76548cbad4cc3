import { type Envelope, readEnvelopeLine } from "@lodestar/envelope";
import { ChainVerifier } from "./chain-verifier.ts";
import { type EnvelopeProblem, problemOf } from "./envelope-problem.ts";
import { DEFAULT_MAX_LINE_BYTES, readLines } from "./line-reader.ts";
import type { LineItem } from "./line-splitter.ts";
import { anchorHeadFile, finishWithHead } from "./verify-log.ts";
import type { VerifyFailure, VerifyOptions, VerifyResult } from "./verify-result.ts";

/** Default bound on the envelopes held back while no signature covers them yet. */
export const DEFAULT_MAX_UNCOVERED_BYTES = 64 * 1024 * 1024;

export interface ReadCoveredOptions extends VerifyOptions {
  /** Pinned operator keys: only their signatures make envelopes readable. */
  trustedKeys: (keyId: string) => Uint8Array | undefined;
  /**
   * Most line bytes held back while waiting for a covering signature (default 64 MiB). A writer
   * checkpoints every N envelopes or T seconds; a planted file with no checkpoint at all must not
   * make its reader hold all of it in memory.
   */
  maxUncoveredBytes?: number;
}

/** The held-back stretch grew past maxUncoveredBytes: reading stopped there. */
export interface UncoveredTooLong {
  ok: false;
  code: "uncovered-too-long";
  seq: number;
  line: number;
  message: string;
}

/**
 * Reads a log in one pass and hands `onCovered` only the envelopes that a checkpoint signed by a
 * trusted key (or the head file) covers, in order, in runs ending at each covered point. The hash
 * chain alone proves nothing about who wrote a file — anyone can build one with valid hashes — so
 * envelopes wait, verified, until a signature vouches for them; an uncovered tail is never handed
 * out. A run handed out stays true whatever follows it: its signature covers it through the chain.
 * One pass (not verify-then-read), so the file cannot be swapped between the check and the use.
 * Returns the verdict on the whole file, as verifyLog does (with coverage), or where reading stopped.
 */
export async function readCoveredLog(
  file: string,
  onCovered: (envelopes: readonly Envelope[]) => void,
  options: ReadCoveredOptions,
): Promise<VerifyResult | UncoveredTooLong> {
  const verifier = new ChainVerifier(options);
  const head = await anchorHeadFile(file, verifier, options);
  if ("ok" in head) return head;
  const headSeq = verifier.anchorPoints.at(-1)?.seq;
  const maxHeld = options.maxUncoveredBytes ?? DEFAULT_MAX_UNCOVERED_BYTES;
  let held: Envelope[] = [];
  let heldBytes = 0;
  let nextLine = 1;
  let accepted = 0;
  for await (const items of readLines(file, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)) {
    for (const item of items) {
      const entry = envelopeOf(item);
      const failure: VerifyFailure | undefined =
        "code" in entry ? verifier.next(entry, item.line) : verifier.next(entry, item.line, entry);
      if (failure) return failure;
      nextLine = item.line + 1;
      // Not accepted (yet): a seq jump, which the next line or the end turns into a failure.
      if (verifier.accepted === accepted) continue;
      accepted = verifier.accepted;
      const envelope = entry as Envelope;
      held.push(envelope);
      heldBytes += item.kind === "line" ? item.text.length : 0;
      // A verified checkpoint covers everything before it; the head file's claim, everything up
      // to its seq (verifier.next has just checked the hash there against the claim).
      if (envelope.kind === "checkpoint" || envelope.seq === headSeq) {
        onCovered(held);
        held = [];
        heldBytes = 0;
      } else if (heldBytes > maxHeld) {
        return {
          ok: false,
          code: "uncovered-too-long",
          seq: envelope.seq,
          line: item.line,
          message: `more than ${maxHeld} bytes follow the last covered seq without a checkpoint`,
        };
      }
    }
  }
  return finishWithHead(verifier, nextLine, head);
}

function envelopeOf(item: LineItem): Envelope | EnvelopeProblem {
  if (item.kind === "error") return { code: item.code, message: item.message };
  if (!item.terminated)
    return { code: "malformed", message: `line ${item.line} has no newline (a torn write)` };
  try {
    return readEnvelopeLine(item.text);
  } catch (error) {
    return problemOf(error);
  }
}
