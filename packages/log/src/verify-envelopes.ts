import { type Envelope, parseEnvelopeLine, parseEnvelopeValue } from "@lodestar/envelope";
import { ChainVerifier, type EnvelopeProblem, problemOf } from "./chain-verifier.ts";
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
    const failure = verifier.next(parseItem(items[i]), i + 1);
    if (failure) return failure;
  }
  return verifier.finish(items.length + 1);
}

function parseItem(item: unknown): Envelope | EnvelopeProblem {
  try {
    return typeof item === "string" ? parseEnvelopeLine(item) : parseEnvelopeValue(item);
  } catch (error) {
    return problemOf(error);
  }
}
