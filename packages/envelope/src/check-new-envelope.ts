import { actorProblem, type FieldProblem, KINDS, LEVELS, parentsProblem } from "./check-fields.ts";
import {
  ENVELOPE_ID_PATTERN,
  HEX64_PATTERN,
  SALT_PATTERN,
  SESSION_PATTERN,
  TIMESTAMP_PATTERN,
} from "./patterns.ts";
import type { Envelope, OpenPart } from "./schema.ts";

// The last session, prev and ts that passed their pattern (seeded with valid values). A writer
// passes the same session, the hash it was just given and one timestamp per millisecond, so most
// calls compare a string with itself instead of running three regular expressions. Only values
// that passed, or hashes computed here, are ever stored: a hit is always a valid value.
const known = { session: "s", prev: "0".repeat(64), ts: "1970-01-01T00:00:00.000Z" };

/** Records the hash of an envelope just built as a valid `prev` for the next one. */
export function rememberValidPrev(hash: string): void {
  known.prev = hash;
}

/**
 * envelopeFieldProblem for an envelope createEnvelopeLine has just assembled from its input: the
 * same rules in the same order, without the ones its assembly guarantees (no unknown field, v is
 * 1, every part is `{ s?, salt, value }`, part names already checked). The draft is checked rather
 * than the input, so each caller field is read once: a getter cannot show this check one value
 * and the encoder another. A property test checks both functions refuse the same drafts.
 */
export function newEnvelopeProblem(draft: Envelope): FieldProblem | undefined {
  const seq = draft.seq;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) {
    return { field: "/seq", message: "seq must be a non-negative safe integer" };
  }
  if (!matches(draft.id, ENVELOPE_ID_PATTERN)) return { field: "/id", message: "invalid id" };
  if (draft.session !== known.session) {
    if (!matches(draft.session, SESSION_PATTERN)) return { field: "/session", message: "invalid session" };
    known.session = draft.session;
  }
  if (draft.ts !== known.ts) {
    if (!matches(draft.ts, TIMESTAMP_PATTERN)) return { field: "/ts", message: "invalid ts" };
    known.ts = draft.ts;
  }
  if (draft.prev !== known.prev) {
    if (!matches(draft.prev, HEX64_PATTERN)) return { field: "/prev", message: "invalid prev" };
    known.prev = draft.prev;
  }
  if (!KINDS.has(draft.kind)) return { field: "/kind", message: "unknown kind" };
  if (!LEVELS.has(draft.sensitivity)) return { field: "/sensitivity", message: "unknown sensitivity" };
  return (
    actorProblem(draft.actor) ??
    parentsProblem(draft.parents) ??
    partsProblem(draft.body as Record<string, OpenPart>)
  );
}

function partsProblem(body: Record<string, OpenPart>): FieldProblem | undefined {
  for (const name of Object.keys(body)) {
    const part = body[name]!;
    if ((part.s !== undefined && !LEVELS.has(part.s)) || !matches(part.salt, SALT_PATTERN)) {
      return { field: `/body/${name}`, message: "part must be { s?, salt, value } or { s?, redacted }" };
    }
  }
  return undefined;
}

function matches(value: unknown, pattern: RegExp): boolean {
  return typeof value === "string" && pattern.test(value);
}
