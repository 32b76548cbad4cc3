// Regenerates test/vectors/envelopes.json from the fixed inputs below:
//   pnpm --filter @lodestar/envelope vectors
// The vectors are the format's contract with other implementations; regenerate only when the
// format changes (a new ADR), never to make a failing test pass.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DOMAINS } from "@lodestar/crypto";
import {
  createEnvelopeLine,
  type EnvelopeInput,
  encodeEnvelope,
  genesisHash,
  isRedactedPart,
  partCommitment,
  redactEnvelope,
  SENSITIVITIES,
  serializeEnvelope,
} from "../src/index.ts";

const session = "ses_vectors.1";
const salt = (n: number) => Buffer.alloc(16, n).toString("base64url");

const inputs: { name: string; input: Omit<EnvelopeInput, "prev"> }[] = [
  {
    name: "session start, one public part",
    input: {
      id: "ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA",
      session,
      seq: 0,
      ts: "2026-11-21T10:00:00.000Z",
      kind: "session.start",
      actor: { agent: "claude-code", model: "model-x", operator: "ops@example.com" },
      parents: [],
      sensitivity: "public",
      body: { cwd: { value: "/work/repo", salt: salt(1) } },
    },
  },
  {
    name: "observation with per-part levels, escapes, non-ASCII and integer-like keys",
    input: {
      id: "ev_06H0000001BBBBBBBBBBBBBBBBBBBBBBBBBB",
      session,
      seq: 1,
      ts: "2026-11-21T10:00:01.250Z",
      kind: "observation",
      actor: { agent: "claude-code" },
      parents: ["ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA"],
      sensitivity: "confidential",
      body: {
        tool: { s: "public", value: "fs.read", salt: salt(2) },
        result: {
          value: { "10": 1, "9": 2, b: [true, null, 1.5, -7, 0.1, 1e-7], text: 'line1\n"quoted"\u0001 é 😀' },
          salt: salt(3),
        },
        token: { s: "secret", value: "yes", salt: salt(4) },
      },
    },
  },
  {
    name: "decision at internal, empty body part value, nested object",
    input: {
      id: "ev_06H0000002CCCCCCCCCCCCCCCCCCCCCCCCCC",
      session,
      seq: 2,
      ts: "2026-11-21T10:00:02.000Z",
      kind: "decision",
      actor: { agent: "lodestar.kernel" },
      parents: ["ev_06H0000001BBBBBBBBBBBBBBBBBBBBBBBBBB"],
      sensitivity: "internal",
      body: {
        verdict: { s: "public", value: { verdict: "allow", level: "L1", rule: "read-only" }, salt: salt(5) },
        args: { value: {}, salt: salt(6) },
      },
    },
  },
];

let prev = genesisHash(session);
const vectors = inputs.map(({ name, input }) => {
  const full: EnvelopeInput = { ...input, prev };
  const { envelope, line } = createEnvelopeLine(full);
  prev = envelope.hash;
  const commitments: Record<string, string> = {};
  for (const [part, value] of Object.entries(envelope.body)) {
    if (!isRedactedPart(value)) commitments[part] = partCommitment(value.salt, value.value);
  }
  const redacted = Object.fromEntries(
    SENSITIVITIES.map((ceiling) => [ceiling, serializeEnvelope(redactEnvelope(envelope, ceiling))]),
  );
  return {
    name,
    input: full,
    commitments,
    preimage: encodeEnvelope(envelope).preimage,
    hash: envelope.hash,
    line,
    redacted,
  };
});

const document = {
  description:
    "Lodestar envelope v1 test vectors (docs/adr/0008). For each: the input with fixed id, ts and salts; " +
    "the per-part commitments sha256(part-prefix || salt bytes || canonical(value)); the canonical preimage " +
    "text hashed after the envelope prefix; the hash; the canonical line; and the line redacted to each ceiling " +
    "(same hash). The envelopes form one chain starting at the session's genesis value.",
  domains: { envelope: `${DOMAINS.envelope}\n`, part: `${DOMAINS.part}\n`, genesis: `${DOMAINS.genesis}\n` },
  genesis: { session, hash: genesisHash(session) },
  vectors,
};

const target = fileURLToPath(new URL("../test/vectors/envelopes.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${target}`);
