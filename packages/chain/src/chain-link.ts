import { type Envelope, isRedactedPart } from "@lodestar/envelope";

/** A body part as a reader sees it: the value, or the fact that it was redacted (and its level). */
export type LinkField = { redacted: false; value: unknown } | { redacted: true; sensitivity: string };

/** One envelope in a chain, flattened for rendering (CLI report, web explorer). */
export interface ChainLink {
  id: string;
  seq: number;
  kind: Envelope["kind"];
  ts: string;
  agent: string;
  sensitivity: Envelope["sensitivity"];
  fields: Record<string, LinkField>;
}

export function toLink(envelope: Envelope): ChainLink {
  const fields: Record<string, LinkField> = {};
  for (const [name, part] of Object.entries(envelope.body)) {
    fields[name] = isRedactedPart(part)
      ? { redacted: true, sensitivity: part.s ?? envelope.sensitivity }
      : { redacted: false, value: part.value };
  }
  return {
    id: envelope.id,
    seq: envelope.seq,
    kind: envelope.kind,
    ts: envelope.ts,
    agent: envelope.actor.agent,
    sensitivity: envelope.sensitivity,
    fields,
  };
}

/** The value of a field, or undefined when it is absent or redacted. */
export function fieldValue(link: ChainLink | undefined, name: string): unknown {
  const field = link?.fields[name];
  return field !== undefined && !field.redacted ? field.value : undefined;
}
