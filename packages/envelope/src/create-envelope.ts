import { JcsError } from "@lodestar/jcs";
import { envelopeFieldProblem } from "./check-fields.ts";
import { encodeEnvelope, lineWith } from "./encode-envelope.ts";
import { EnvelopeError } from "./envelope-error.ts";
import { createEnvelopeId } from "./envelope-id.ts";
import type { EnvelopeKind } from "./kinds.ts";
import { PART_NAME_PATTERN } from "./patterns.ts";
import { createSalt } from "./salt.ts";
import type { Actor, Envelope, OpenPart } from "./schema.ts";
import type { Sensitivity } from "./sensitivity.ts";

/** One body part to record: its value, optionally its own level and (for test vectors) a fixed salt. */
export interface PartInput {
  value: unknown;
  s?: Sensitivity;
  /** Leave unset: a fresh 128-bit salt is drawn. Fixed salts exist for reproducible test vectors. */
  salt?: string;
}

export interface EnvelopeInput {
  session: string;
  seq: number;
  /** Hash of the previous envelope, or genesisHash(session) for seq 0. */
  prev: string;
  kind: EnvelopeKind;
  actor: Actor;
  parents?: string[];
  sensitivity: Sensitivity;
  body: Record<string, PartInput>;
  /** Defaults to a fresh createEnvelopeId(). */
  id?: string;
  /** Defaults to now, as an ISO-8601 UTC timestamp. */
  ts?: string;
}

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
    // Placeholder so the draft passes the schema; replaced by the real hash below.
    hash: "0".repeat(64),
  };
  // The hand-written twin of EnvelopeSchema (zod is too slow for the writer); the encoder below
  // copies pattern-checked fields verbatim, so this check must come first.
  const problem = envelopeFieldProblem(draft);
  if (problem) throw new EnvelopeError("invalid-input", problem.message, { field: problem.field });
  try {
    const encoded = encodeEnvelope(draft);
    draft.hash = encoded.hash;
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
