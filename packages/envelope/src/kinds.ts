/** Envelope kinds (protocol §2). A closed set: an unknown kind is a schema error, not a pass-through. */
export const ENVELOPE_KINDS = [
  "session.start",
  "observation",
  "belief",
  "decision",
  "hold",
  "grant",
  "action",
  "outcome",
  "checkpoint",
  "session.end",
] as const;

export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];
