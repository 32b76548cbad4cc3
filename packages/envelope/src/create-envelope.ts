import { JcsError } from "@lodestar/jcs";
import { newEnvelopeProblem, rememberValidPrev } from "./check-new-envelope.ts";
import { encodeEnvelope, lineWith } from "./encode-envelope.ts";
import { EnvelopeError } from "./envelope-error.ts";
import { createEnvelopeId } from "./envelope-id.ts";
import type { EnvelopeInput } from "./envelope-input.ts";
import { PART_NAME_PATTERN } from "./patterns.ts";
import { createSalt } from "./salt.ts";
import type { Envelope, OpenPart } from "./schema.ts";

/** A new envelope together with its canonical line (no trailing newline). */
export interface CreatedEnvelope {
  envelope: Envelope;
  line: string;
}

/**
 * Builds, validates and hashes a new envelope. Part values are referenced, not copied: the line is
 * the record, so callers must not rely on mutating a value after this returns.
 */
export function createEnvelopeLine(input: EnvelopeInput): CreatedEnvelope {
  const body: Record<string, OpenPart> = {};
  for (const name of Object.keys(input.body)) {
    // Checked before the assignment below: a name like "__proto__" would otherwise set the
    // prototype of `body` instead of adding a part.
    if (!PART_NAME_PATTERN.test(name)) {
      throw new EnvelopeError("invalid-input", `invalid part name ${JSON.stringify(name)}`, {
        field: `/body/${name}`,
      });
    }
    const part = input.body[name]!;
    const salt = part.salt ?? createSalt();
    body[name] = part.s === undefined ? { salt, value: part.value } : { s: part.s, salt, value: part.value };
  }
  const draft: Envelope = {
    v: 1,
    id: input.id ?? createEnvelopeId(),
    session: input.session,
    seq: input.seq,
    ts: input.ts ?? new Date().toISOString(),
    kind: input.kind,
    actor: input.actor,
    parents: input.parents ?? [],
    sensitivity: input.sensitivity,
    body,
    prev: input.prev,
    hash: "", // set below, from the canonical text
  };
  // The hand-written twin of EnvelopeSchema (zod is too slow for the writer); the encoder below
  // copies pattern-checked fields verbatim, so this check must come first.
  const problem = newEnvelopeProblem(draft);
  if (problem) throw new EnvelopeError("invalid-input", problem.message, { field: problem.field });
  try {
    const encoded = encodeEnvelope(draft);
    draft.hash = encoded.hash;
    rememberValidPrev(encoded.hash);
    return { envelope: draft, line: lineWith(encoded, encoded.hash) };
  } catch (error) {
    if (error instanceof JcsError) {
      throw new EnvelopeError("invalid-input", `value has no canonical JSON form: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** createEnvelopeLine without the line. */
export function createEnvelope(input: EnvelopeInput): Envelope {
  return createEnvelopeLine(input).envelope;
}
