import { inspectEnvelopeLine } from "./inspect-line.ts";
import { parseEnvelopeLine } from "./parse-envelope.ts";
import type { Envelope } from "./schema.ts";

/**
 * parseEnvelopeLine for reading logs: the same result and the same errors, faster. A line the
 * single-pass check accepts is canonical, schema-valid and hashes right, so the engine's JSON.parse
 * of it is the envelope (both define "__proto__" keys as own properties); anything else goes
 * through the strict parser, which names the problem. Property-tested equal to parseEnvelopeLine.
 */
export function readEnvelopeLine(line: string): Envelope {
  let accepted = false;
  try {
    accepted = inspectEnvelopeLine(line) !== undefined;
  } catch {
    // The fast path never decides a rejection; the strict parser below does.
  }
  return accepted ? (JSON.parse(line) as Envelope) : parseEnvelopeLine(line);
}
