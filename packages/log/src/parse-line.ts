import { type EnvelopeHeader, inspectEnvelopeLine, parseEnvelopeLine } from "@lodestar/envelope";
import { type EnvelopeProblem, problemOf } from "./envelope-problem.ts";
import type { LineItem } from "./line-splitter.ts";

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

/** A line checked on its own, ready for the chain rules (which need a checkpoint's full text). */
export interface ParsedLine {
  line: number;
  entry: EnvelopeHeader | EnvelopeProblem;
  /** The line's text, for checkpoints only (their signature is checked against the chain). */
  text?: string;
}

/** Everything that can be checked about one line without the lines before it. */
export function parsedLineOf(item: LineItem): ParsedLine {
  if (item.kind === "error") return { line: item.line, entry: { code: item.code, message: item.message } };
  if (!item.terminated) {
    return {
      line: item.line,
      entry: { code: "malformed", message: `line ${item.line} has no newline (a torn write)` },
    };
  }
  const entry = parseLine(item.text);
  return "kind" in entry && entry.kind === "checkpoint"
    ? { line: item.line, entry, text: item.text }
    : { line: item.line, entry };
}
