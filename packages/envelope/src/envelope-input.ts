import type { EnvelopeKind } from "./kinds.ts";
import type { Actor } from "./schema.ts";
import type { Sensitivity } from "./sensitivity.ts";

/** One body part to record: its value, optionally its own level and (for test vectors) a fixed salt. */
export interface PartInput {
  value: unknown;
  s?: Sensitivity;
  /** Leave unset: a fresh 128-bit salt is drawn. Fixed salts exist for reproducible test vectors. */
  salt?: string;
}

/** What createEnvelopeLine builds an envelope from. */
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
