import type { Envelope } from "@lodestar/envelope";

/** A body part's value, or undefined when the part is absent or redacted. */
export function openValue(envelope: Envelope, name: string): unknown {
  const part = envelope.body[name];
  return part !== undefined && "value" in part ? part.value : undefined;
}
