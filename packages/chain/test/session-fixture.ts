import {
  createEnvelope,
  type Envelope,
  genesisHash,
  type PartInput,
  type Sensitivity,
} from "@lodestar/envelope";

/** Builds a real hash-chained session, the way the kernel records one tool call after another. */
export function sessionBuilder(session = "chain-test") {
  const envelopes: Envelope[] = [];
  const add = (
    kind: Envelope["kind"],
    body: Record<string, unknown>,
    parents: string[] = [],
    sensitivity: Sensitivity = "internal",
    parts: Record<string, PartInput> = {},
  ) => {
    const prev = envelopes.at(-1)?.hash ?? genesisHash(session);
    const envelope = createEnvelope({
      session,
      seq: envelopes.length,
      prev,
      kind,
      actor: { agent: "coder", model: "m-1", operator: "ops" },
      parents,
      sensitivity,
      body: { ...Object.fromEntries(Object.entries(body).map(([k, value]) => [k, { value }])), ...parts },
    });
    envelopes.push(envelope);
    return envelope;
  };
  return { envelopes, add };
}
