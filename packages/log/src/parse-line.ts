import { type EnvelopeHeader, inspectEnvelopeLine, parseEnvelopeLine } from "@lodestar/envelope";
import { type EnvelopeProblem, problemOf } from "./chain-verifier.ts";

/**
 * One log line to a verified header or the problem with it. The single-pass check runs first;
 * only a line it does not accept goes through the strict parser, which names the problem (or
 * accepts the line, if the fast path was merely incomplete).
 */
export function parseLine(text: string): EnvelopeHeader | EnvelopeProblem {
  let header: EnvelopeHeader | undefined;
  try {
    header = inspectEnvelopeLine(text);
  } catch {
    // The fast path is an optimization only: if it trips over hostile input, the strict parser
    // still gives the verdict, and verification never crashes on a line.
  }
  if (header !== undefined) return header;
  try {
    return parseEnvelopeLine(text);
  } catch (error) {
    return problemOf(error);
  }
}
