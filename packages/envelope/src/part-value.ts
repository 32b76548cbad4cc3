import { EnvelopeError } from "./envelope-error.ts";
import { type Envelope, isRedactedPart } from "./schema.ts";

/**
 * Value of body part `name`, or undefined when the envelope has no such part (JSON has no
 * undefined, so this is unambiguous). Throws `part-redacted` rather than returning something that
 * could be mistaken for the value.
 */
export function partValue(envelope: Envelope, name: string): unknown {
  if (!Object.hasOwn(envelope.body, name)) return undefined;
  const part = envelope.body[name]!;
  if (isRedactedPart(part)) {
    throw new EnvelopeError("part-redacted", `part ${JSON.stringify(name)} is redacted`, {
      field: `/body/${name}`,
    });
  }
  return part.value;
}
