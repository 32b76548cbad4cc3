import { generateKeyPair, type KeyPair, keyIdOf } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import {
  createEnvelopeLine,
  ENVELOPE_KINDS,
  type Envelope,
  type EnvelopeKind,
  genesisHash,
  SENSITIVITIES,
} from "@lodestar/envelope";
import { checkpointBody, signCheckpoint } from "../../src/index.ts";

/** Property-test budget: a few hundred locally, 10,000 under LODESTAR_SLOW (ADR 0005). */
export const runs = process.env["LODESTAR_SLOW"] ? 10_000 : 200;

/** Per-test time limit that grows with the property budget. */
export const propertyTimeout = process.env["LODESTAR_SLOW"] ? 600_000 : 30_000;

export interface BuiltLog {
  session: string;
  key: KeyPair;
  envelopes: Envelope[];
  lines: string[];
  /** The log file's bytes: every line followed by "\n". */
  bytes: Buffer;
  head: { seq: number; hash: string };
}

/** A well-formed id that no test log contains. */
export const DANGLING_ID = "ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA";

const contentKinds = ENVELOPE_KINDS.filter((kind) => kind !== "checkpoint");

/**
 * A valid log in the writer's format, built in memory: `count` content envelopes of varied kinds,
 * levels and parts, with a signed checkpoint after every `checkpointEvery` of them.
 */
export function buildLog(options: {
  count: number;
  checkpointEvery?: number;
  session?: string;
  key?: KeyPair;
  valueBytes?: number;
  /** This content envelope cites an id that is not in the log (a dangling causal link). */
  danglingAt?: number;
}): BuiltLog {
  const session = options.session ?? "ses_test";
  const key = options.key ?? generateKeyPair();
  const envelopes: Envelope[] = [];
  const lines: string[] = [];
  let prev = genesisHash(session);
  const push = (input: Omit<Parameters<typeof createEnvelopeLine>[0], "seq" | "prev" | "session">) => {
    const { envelope, line } = createEnvelopeLine({ ...input, session, seq: envelopes.length, prev });
    envelopes.push(envelope);
    lines.push(line);
    prev = envelope.hash;
  };
  for (let i = 0; i < options.count; i++) {
    const kind: EnvelopeKind = i === 0 ? "session.start" : contentKinds[i % contentKinds.length]!;
    push({
      kind,
      actor: { agent: "agent-1", model: "model-x" },
      parents:
        i === options.danglingAt
          ? [DANGLING_ID]
          : envelopes.length > 0
            ? [envelopes[envelopes.length - 1]!.id]
            : [],
      sensitivity: SENSITIVITIES[i % 4]!,
      body: {
        text: { value: `entry ${i} ${"x".repeat(options.valueBytes ?? 40)}` },
        meta: { s: "public", value: { i, ok: i % 2 === 0 } },
        secret: { s: "secret", value: "yes" },
      },
    });
    if (options.checkpointEvery && (i + 1) % options.checkpointEvery === 0) {
      const last = envelopes[envelopes.length - 1]!;
      const claim = signCheckpoint(session, { seq: last.seq, hash: last.hash }, createSigner(key.secretKey));
      push({
        kind: "checkpoint",
        actor: { agent: "lodestar.log", operator: keyIdOf(key.publicKey) },
        sensitivity: "public",
        body: checkpointBody(claim),
      });
    }
  }
  const last = envelopes[envelopes.length - 1]!;
  return {
    session,
    key,
    envelopes,
    lines,
    bytes: Buffer.from(lines.map((line) => `${line}\n`).join(""), "utf8"),
    head: { seq: last.seq, hash: last.hash },
  };
}

/** The bytes as a stream cut into the given chunk sizes (cycled), to exercise line splitting. */
export async function* chunked(bytes: Uint8Array, sizes: number[] = [64 * 1024]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length]!);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}
