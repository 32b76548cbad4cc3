import type { EnvelopeHeader } from "@lodestar/envelope";
import { ChainVerifier, type EnvelopeProblem } from "./chain-verifier.ts";
import { checkClaimSignature } from "./checkpoint.ts";
import { readHeadFile } from "./head-file.ts";
import { DEFAULT_MAX_LINE_BYTES, type LogSource, readLines } from "./line-reader.ts";
import { parseLine } from "./parse-line.ts";
import type { VerifyFailure, VerifyOptions, VerifyResult } from "./verify-result.ts";

export interface VerifyLogOptions extends VerifyOptions {
  /**
   * For a file path: also check the `<file>.head` sidecar (default true). The log must reach the
   * checkpoint it records and agree with it, which catches tail truncation below that checkpoint.
   */
  headFile?: boolean;
}

/**
 * Verifies a whole log in constant memory and reports the first break, or a summary. Any byte of
 * the input may have been edited by whoever holds the file; nothing in it is trusted.
 */
export async function verifyLog(source: LogSource, options: VerifyLogOptions = {}): Promise<VerifyResult> {
  const verifier = new ChainVerifier(options);
  let headFile: "matched" | "absent" | "not-checked" = "not-checked";
  let headSession: string | undefined;
  if (typeof source === "string" && options.headFile !== false) {
    const head = await readHeadFile(source);
    headFile = head.state === "absent" ? "absent" : "matched";
    if (head.state === "invalid") return headFailure("bad-checkpoint-signature", 0, head.message);
    if (head.state === "present") {
      const problem = checkClaimSignature(head.claim, options.trustedKeys);
      if (problem) return headFailure(problem.code, head.claim.seq, `head file: ${problem.message}`);
      verifier.addAnchor(head.claim);
      verifier.noteSigner(head.claim.keyId);
      headSession = head.claim.session;
    }
  }
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let nextLine = 1;
  for await (const items of readLines(source, maxLineBytes)) {
    for (const item of items) {
      let entry: EnvelopeHeader | EnvelopeProblem;
      if (item.kind === "error") {
        entry = { code: item.code, message: item.message };
      } else if (!item.terminated) {
        entry = { code: "malformed", message: `line ${item.line} has no newline (a torn write)` };
      } else {
        entry = parseLine(item.text);
      }
      const failure = verifier.next(entry, item.line, item.kind === "line" ? item.text : undefined);
      if (failure) return failure;
      nextLine = item.line + 1;
    }
  }
  const result = verifier.finish(nextLine);
  if (!result.ok) return result;
  if (headSession !== undefined && result.session !== undefined && headSession !== result.session) {
    return headFailure("session-mismatch", 0, `head file is for session ${headSession}`);
  }
  return { ...result, headFile };
}

function headFailure(code: VerifyFailure["code"], seq: number, message: string): VerifyFailure {
  return { ok: false, code, seq, line: 0, message };
}
