import fc from "fast-check";
import { type BuiltLog, buildLog } from "./build-log.ts";

// Another chain of the same session: its line n has the right session and seq for line n of any
// test log, and a valid hash, but links to a different predecessor (a splice: bad-link).
const foreign = buildLog({ count: 40, checkpointEvery: 5 });

/** Edits someone holding the file could make: bytes, whole lines, order, the tail. */
export type Mutation =
  | { type: "byte"; at: number; xor: number }
  | { type: "edit"; line: number; text: string }
  | { type: "delete"; line: number }
  | { type: "insert"; line: number; copyOf: number | undefined; text: string }
  | { type: "swap"; a: number; b: number }
  | { type: "truncate"; at: number }
  | { type: "splice"; line: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant("byte" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ type: fc.constant("edit" as const), line: fc.nat(), text: fc.string() }),
  fc.record({ type: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({
    type: fc.constant("insert" as const),
    line: fc.nat(),
    copyOf: fc.option(fc.nat(), { nil: undefined }),
    text: fc.string(),
  }),
  fc.record({ type: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ type: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ type: fc.constant("splice" as const), line: fc.nat() }),
);

export function mutate(log: BuiltLog, m: Mutation): Buffer {
  const lines = log.lines;
  const n = lines.length;
  const join = (ls: string[]) => Buffer.from(ls.map((l) => `${l}\n`).join(""));
  switch (m.type) {
    case "byte": {
      const bytes = Buffer.from(log.bytes);
      const at = m.at % bytes.length;
      bytes[at] = bytes[at]! ^ m.xor;
      return bytes;
    }
    case "edit":
      return join(lines.with(m.line % n, m.text));
    case "delete":
      return join(lines.toSpliced(m.line % n, 1));
    case "insert": {
      const text = m.copyOf === undefined ? m.text : lines[m.copyOf % n]!;
      return join(lines.toSpliced(m.line % (n + 1), 0, text));
    }
    case "swap": {
      const a = m.a % n;
      const b = m.b % n;
      return join(lines.with(a, lines[b]!).with(b, lines[a]!));
    }
    case "truncate":
      return log.bytes.subarray(0, m.at % log.bytes.length);
    case "splice": {
      // Not line 0: a foreign seq 0 is a valid start of the same session (only a head can tell).
      if (n < 2) return log.bytes;
      const at = 1 + (m.line % (n - 1));
      return join(lines.with(at, foreign.lines[at]!));
    }
  }
}

/** The log cut into "\n"-terminated segments (the last may be unterminated), as byte strings. */
function segments(bytes: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end + 1;
    out.push(bytes.subarray(start, stop).toString("latin1"));
    start = stop;
  }
  return out;
}

/**
 * Where verification must fail: at the first segment that differs from the original (its index is
 * the seq the original had there); when the mutated log is a strict prefix of the original, at the
 * first missing seq, found only against the known head.
 */
export function expectedBreak(
  original: Buffer,
  mutated: Buffer,
): { seq: number; truncated: boolean } | "unchanged" {
  const a = segments(original);
  const b = segments(mutated);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { seq: i, truncated: false };
  }
  if (a.length === b.length) return "unchanged";
  return b.length < a.length ? { seq: b.length, truncated: true } : { seq: a.length, truncated: false };
}
