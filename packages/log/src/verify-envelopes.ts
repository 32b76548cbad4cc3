import { type Envelope, parseEnvelopeValue } from "@lodestar/envelope";
import { ChainVerifier } from "./chain-verifier.ts";
import { problemOf } from "./envelope-problem.ts";
import { parseLine } from "./parse-line.ts";
import type { VerifyOptions, VerifyResult } from "./verify-result.ts";

/**
 * Verifies envelopes held in memory (e.g. a batch shipped to the control plane), with the same
 * rules and failure codes as verifyLog. Items are lines (checked for canonical form) or values
 * parsed elsewhere (checked for schema and hash). For a batch that continues a known chain, pass
 * `after` (the last accepted seq and hash) and `session`.
 */
export function verifyEnvelopes(items: readonly unknown[], options: VerifyOptions = {}): VerifyResult {
  const verifier = new ChainVerifier(options);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const failure =
      typeof item === "string"
        ? verifier.next(parseLine(item), i + 1, item)
        : nextValue(verifier, item, i + 1);
    if (failure) return failure;
  }
  return verifier.finish(items.length + 1);
}

function nextValue(verifier: ChainVerifier, item: unknown, line: number) {
  let envelope: Envelope;
  try {
    envelope = parseEnvelopeValue(item);
  } catch (error) {
    return verifier.next(problemOf(error), line);
  }
  return verifier.next(envelope, line, envelope);
}
