import type { EnvelopeError } from "@lodestar/envelope";
import type { VerifyFailureCode } from "@lodestar/log";
import { ApiError } from "../http/api-error.ts";
import { DEFAULT_INGEST_LIMITS } from "./ingest-limits.ts";
import { nestsDeeperThan } from "./json-depth.ts";

/** A line the protocol rules refused: the verifier's code, the 1-based line of the request, the seq. */
export interface RejectedLine {
  code: VerifyFailureCode;
  line: number;
  seq?: number;
  message: string;
}

/**
 * The API's answer for a refused line. The verifier's code travels as `reason` under one stable
 * API code, except the ones a client acts on differently: an unregistered checkpoint signer
 * (register the key), a line of another session (split the batch), and nesting past the limit.
 */
export function rejectionOf(rejected: RejectedLine, text?: string): ApiError {
  const { code, line, seq, message } = rejected;
  const details = { line, reason: code, ...(seq === undefined ? {} : { seq }) };
  if (code === "untrusted-checkpoint-key") {
    return new ApiError(
      400,
      "untrusted-checkpoint-key",
      `line ${line}: ${message} (register it: PUT /api/v1/operator-keys)`,
      details,
    );
  }
  if (code === "session-mismatch") {
    return new ApiError(
      400,
      "session-mismatch",
      `line ${line}: ${message}; send one session per request`,
      details,
    );
  }
  if ((code === "malformed" || code === "non-canonical") && text !== undefined) {
    const max = DEFAULT_INGEST_LIMITS.maxDepth;
    if (nestsDeeperThan(text, max)) {
      return new ApiError(400, "too-deep", `line ${line} nests deeper than ${max} levels`, {
        ...details,
        reason: "too-deep",
      });
    }
  }
  return new ApiError(400, "invalid-envelope", `line ${line}: ${code}: ${message}`, details);
}

/** A line the strict parser refused on its own (before any chain rule). */
export function invalidLine(line: number, text: string, error: EnvelopeError): ApiError {
  const code: VerifyFailureCode =
    error.code === "non-canonical" ? "non-canonical" : error.code === "bad-hash" ? "bad-hash" : "malformed";
  const message = code === "malformed" ? `${error.code}: ${error.message}` : error.message;
  return rejectionOf({ code, line, message }, text);
}
