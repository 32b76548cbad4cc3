import { generateKeyPair, type KeyPair, keyIdOf, toBase64Url } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import { createEnvelopeLine, type Envelope, type EnvelopeKind, genesisHash } from "@lodestar/envelope";
import { checkpointBody, signCheckpoint } from "@lodestar/log";

export interface BuiltSession {
  session: string;
  key: KeyPair;
  keyId: string;
  publicKey: string;
  envelopes: Envelope[];
  lines: string[];
}

const KINDS: EnvelopeKind[] = ["observation", "belief", "decision", "action", "outcome"];

/**
 * A valid session log in the writer's format, built in memory: `count` content envelopes, a
 * checkpoint signed by `key` after every `checkpointEvery` of them and (by default) at the end.
 */
export function buildSession(options: {
  session: string;
  count: number;
  checkpointEvery?: number;
  key?: KeyPair;
  finalCheckpoint?: boolean;
  valueBytes?: number;
}): BuiltSession {
  const { session } = options;
  const key = options.key ?? generateKeyPair();
  const signer = createSigner(key.secretKey);
  const envelopes: Envelope[] = [];
  const lines: string[] = [];
  let prev = genesisHash(session);
  const push = (input: Omit<Parameters<typeof createEnvelopeLine>[0], "seq" | "prev" | "session">) => {
    const { envelope, line } = createEnvelopeLine({ ...input, session, seq: envelopes.length, prev });
    envelopes.push(envelope);
    lines.push(line);
    prev = envelope.hash;
  };
  const checkpoint = () => {
    const last = envelopes[envelopes.length - 1]!;
    const claim = signCheckpoint(session, { seq: last.seq, hash: last.hash }, signer);
    push({
      kind: "checkpoint",
      actor: { agent: "lodestar.log", operator: keyIdOf(key.publicKey) },
      sensitivity: "public",
      body: checkpointBody(claim),
    });
  };
  for (let i = 0; i < options.count; i++) {
    push({
      kind: i === 0 ? "session.start" : KINDS[i % KINDS.length]!,
      actor: { agent: "agent-1", model: "model-x" },
      parents: envelopes.length > 0 ? [envelopes[envelopes.length - 1]!.id] : [],
      sensitivity: i % 3 === 0 ? "internal" : "public",
      body: {
        text: { value: `entry ${i} ${"x".repeat(options.valueBytes ?? 40)}` },
        secret: { s: "secret", value: `secret ${i}` },
      },
    });
    if (options.checkpointEvery && (i + 1) % options.checkpointEvery === 0 && i + 1 < options.count)
      checkpoint();
  }
  if (options.finalCheckpoint !== false && options.count > 0) checkpoint();
  return {
    session,
    key,
    keyId: keyIdOf(key.publicKey),
    publicKey: toBase64Url(key.publicKey),
    envelopes,
    lines,
  };
}

/** NDJSON bytes of some lines. */
export function ndjson(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join("");
}
