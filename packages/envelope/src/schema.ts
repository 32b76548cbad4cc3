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
  s: SensitivitySchema.optional(),
  salt: z.string().regex(SALT_PATTERN),
  value: z.unknown(),
});

/** A part above a reader's ceiling: only its commitment is left; salt and value are gone. */
export const RedactedPartSchema = z.strictObject({
  s: SensitivitySchema.optional(),
  redacted: z.string().regex(HEX64_PATTERN),
});

export const PartSchema = z.union([OpenPartSchema, RedactedPartSchema]);

/** The v1 wire form. Strict: an unknown field is an error, never carried along unhashed. */
export const EnvelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().regex(ENVELOPE_ID_PATTERN),
  session: z.string().regex(SESSION_PATTERN),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ts: z.string().regex(TIMESTAMP_PATTERN),
  kind: z.enum(ENVELOPE_KINDS),
  actor: ActorSchema,
  parents: z.array(z.string().regex(ENVELOPE_ID_PATTERN)).max(MAX_PARENTS),
  sensitivity: SensitivitySchema,
  body: z.record(z.string().regex(PART_NAME_PATTERN), PartSchema),
  prev: z.string().regex(HEX64_PATTERN),
  hash: z.string().regex(HEX64_PATTERN),
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
