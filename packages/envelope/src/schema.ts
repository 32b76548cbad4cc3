import { z } from "zod";
import { ENVELOPE_KINDS, type EnvelopeKind } from "./kinds.ts";
import {
  ENVELOPE_ID_PATTERN,
  HEX64_PATTERN,
  MAX_ACTOR_FIELD,
  MAX_PARENTS,
  PART_NAME_PATTERN,
  SALT_PATTERN,
  SESSION_PATTERN,
  TIMESTAMP_PATTERN,
} from "./patterns.ts";
import { SENSITIVITIES, type Sensitivity } from "./sensitivity.ts";

export const SensitivitySchema = z.enum(SENSITIVITIES);

const actorField = z.string().min(1).max(MAX_ACTOR_FIELD);

export const ActorSchema = z.strictObject({
  agent: actorField,
  model: actorField.optional(),
  operator: actorField.optional(),
});

/** A part as written: its salt and value, from which the commitment is computed. */
export const OpenPartSchema = z.strictObject({
  s: SensitivitySchema.optional().describe("The part's own level; defaults to the envelope's."),
  salt: z.string().regex(SALT_PATTERN).describe("16 random bytes, canonical unpadded base64url."),
  value: z.unknown().describe("Any JSON value with an RFC 8785 canonical form."),
});

/** A part above a reader's ceiling: only its commitment is left; salt and value are gone. */
export const RedactedPartSchema = z.strictObject({
  s: SensitivitySchema.optional(),
  redacted: z
    .string()
    .regex(HEX64_PATTERN)
    .describe('Commitment: hex sha256("lodestar.part.v1\\n" || salt bytes || canonical(value)).'),
});

export const PartSchema = z.union([OpenPartSchema, RedactedPartSchema]);

/** The v1 wire form. Strict: an unknown field is an error, never carried along unhashed. */
export const EnvelopeSchema = z.strictObject({
  v: z.literal(1).describe("Format version."),
  id: z.string().regex(ENVELOPE_ID_PATTERN).describe("Unique id: 48-bit ms time + 128 random bits, base32."),
  session: z.string().regex(SESSION_PATTERN),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe("Contiguous from 0 within the session."),
  ts: z.string().regex(TIMESTAMP_PATTERN).describe("Writer's clock, ISO 8601 UTC with milliseconds."),
  kind: z.enum(ENVELOPE_KINDS),
  actor: ActorSchema,
  parents: z
    .array(z.string().regex(ENVELOPE_ID_PATTERN))
    .max(MAX_PARENTS)
    .describe("Causal links: ids of earlier envelopes of the session."),
  sensitivity: SensitivitySchema.describe("Level of the envelope's parts unless a part sets its own."),
  body: z.record(z.string().regex(PART_NAME_PATTERN), PartSchema).describe("Named content parts."),
  prev: z
    .string()
    .regex(HEX64_PATTERN)
    .describe('Hash of the previous envelope; for seq 0, domainHash("lodestar.genesis.v1", { session }).'),
  hash: z.string().regex(HEX64_PATTERN).describe("Envelope hash (docs/adr/0008)."),
});

export interface Actor {
  agent: string;
  model?: string;
  operator?: string;
}

export interface OpenPart {
  s?: Sensitivity;
  salt: string;
  value: unknown;
}

export interface RedactedPart {
  s?: Sensitivity;
  redacted: string;
}

export type Part = OpenPart | RedactedPart;

export interface Envelope {
  v: 1;
  id: string;
  session: string;
  seq: number;
  ts: string;
  kind: EnvelopeKind;
  actor: Actor;
  parents: string[];
  sensitivity: Sensitivity;
  body: Record<string, Part>;
  prev: string;
  hash: string;
}

/** True for a part whose salt and value were removed by redaction. */
export function isRedactedPart(part: Part): part is RedactedPart {
  return Object.hasOwn(part, "redacted");
}
