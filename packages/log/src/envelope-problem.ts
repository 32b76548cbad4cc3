import { EnvelopeError } from "@lodestar/envelope";
import type { VerifyFailureCode } from "./verify-result.ts";

/** Envelope-level failure of one line, before any chain check. */
export type EnvelopeProblem = { code: VerifyFailureCode; message: string };

/** Maps a parse error of one line to the verifier's failure kinds. */
export function problemOf(error: unknown): EnvelopeProblem {
  if (error instanceof EnvelopeError) {
    switch (error.code) {
      case "non-canonical":
        return { code: "non-canonical", message: error.message };
      case "bad-hash":
        return { code: "bad-hash", message: error.message };
      default:
        return { code: "malformed", message: `${error.code}: ${error.message}` };
    }
  }
  throw error;
}
