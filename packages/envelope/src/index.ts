export { envelopeFieldProblem, type FieldProblem } from "./check-fields.ts";
export { type CreatedEnvelope, createEnvelope, createEnvelopeLine } from "./create-envelope.ts";
export { type EncodedEnvelope, encodeEnvelope, lineWith, type UnhashedEnvelope } from "./encode-envelope.ts";
export { EnvelopeError, type EnvelopeErrorCode } from "./envelope-error.ts";
export { createEnvelopeId } from "./envelope-id.ts";
export type { EnvelopeInput, PartInput } from "./envelope-input.ts";
export { commitmentOf, genesisHash, hashOfPreimage, partCommitment } from "./hashing.ts";
export { type EnvelopeHeader, inspectEnvelopeLine } from "./inspect-line.ts";
export { ENVELOPE_SCHEMA_ID, envelopeJsonSchema } from "./json-schema.ts";
export { ENVELOPE_KINDS, type EnvelopeKind } from "./kinds.ts";
export { envelopeHash, parseEnvelopeLine, parseEnvelopeValue, serializeEnvelope } from "./parse-envelope.ts";
export { partValue } from "./part-value.ts";
export {
  ENVELOPE_ID_PATTERN,
  HEX64_PATTERN,
  PART_NAME_PATTERN,
  SALT_PATTERN,
  SESSION_PATTERN,
  TIMESTAMP_PATTERN,
} from "./patterns.ts";
export { readEnvelopeLine } from "./read-envelope-line.ts";
export { redactEnvelope } from "./redact-envelope.ts";
export { createSalt } from "./salt.ts";
export {
  type Actor,
  ActorSchema,
  type Envelope,
  EnvelopeSchema,
  isRedactedPart,
  type OpenPart,
  OpenPartSchema,
  type Part,
  PartSchema,
  type RedactedPart,
  RedactedPartSchema,
  SensitivitySchema,
} from "./schema.ts";
export { isAboveCeiling, SENSITIVITIES, type Sensitivity, sensitivityRank } from "./sensitivity.ts";
