// Bundled for the browser by test/browser.test.ts (esbuild, platform "browser": the `default`
// targets of #sha256, #ed25519-verify and #part-hasher) and run in Chromium. Everything here goes
// through the packages' public entry points, as the control plane and a phone will use them.
import { projectChains } from "@lodestar/chain";
import { fromBase64Url, fromHex, generateKeyPair, keyIdOf, verifyObject } from "@lodestar/crypto";
import { createEnvelopeLine, genesisHash, parseEnvelopeLine } from "@lodestar/envelope";
import { verifyEnvelopes } from "@lodestar/log/chain";
import {
  type ActionDigestInput,
  actionDigest,
  type HoldRecord,
  signDecision,
  type TrustedKey,
  type UnsignedDecision,
  type VerifyDecisionContext,
  verifyDecision,
} from "@lodestar/protocol";

export interface ContextInput {
  pinnedKeys: (Omit<TrustedKey, "publicKey"> & { publicKey: string })[];
  holds: HoldRecord[];
  now: string;
  selfApproval: boolean;
  operatorKeys: string[];
  usedDecisionIds: string[];
}

export interface PageInput {
  decisions: { decision: unknown; context: ContextInput }[];
  actions: ActionDigestInput[];
  toSign: { unsigned: UnsignedDecision; secretKeyHex: string };
  chains: { lines: string[]; after?: { seq: number; hash: string } }[];
  session: string;
}

function contextOf(v: ContextInput): VerifyDecisionContext {
  const keys: TrustedKey[] = v.pinnedKeys.map((k) => ({ ...k, publicKey: fromBase64Url(k.publicKey) }));
  return {
    findKey: (id) => keys.find((k) => k.keyId === id),
    findHold: (id) => v.holds.find((h) => h.holdId === id),
    alreadyUsed: (id) => v.usedDecisionIds.includes(id),
    now: new Date(v.now),
    selfApproval: v.selfApproval,
    operatorKeys: v.operatorKeys.map(fromBase64Url),
  };
}

/** A small session built and hashed here, with envelope ids and salts from this page's CSPRNG. */
function buildSession(session: string): string[] {
  const lines: string[] = [];
  let prev = genesisHash(session);
  const kinds = ["observation", "belief", "decision", "action", "outcome"] as const;
  const ids: string[] = [];
  for (let seq = 0; seq < kinds.length; seq++) {
    const { envelope, line } = createEnvelopeLine({
      session,
      seq,
      prev,
      ts: "2026-12-02T10:00:00.000Z",
      kind: kinds[seq]!,
      actor: { agent: "browser" },
      parents: ids.slice(-1),
      sensitivity: "internal",
      body: { text: { value: `step ${seq} — ✓ ${"🙂".repeat(seq)}` }, n: { s: "public", value: seq } },
    });
    lines.push(line);
    ids.push(envelope.id);
    prev = envelope.hash;
  }
  return lines;
}

function run(input: PageInput) {
  const { publicKey } = generateKeyPair();
  return {
    secureContext: (globalThis as { isSecureContext?: boolean }).isSecureContext === true,
    hasBuffer: typeof (globalThis as { Buffer?: unknown }).Buffer !== "undefined",
    hasProcess: typeof (globalThis as { process?: unknown }).process !== "undefined",
    freshKeyId: keyIdOf(publicKey),
    decisions: input.decisions.map(({ decision, context }) => verifyDecision(decision, contextOf(context))),
    actions: input.actions.map((action) => actionDigest(action)),
    signed: signDecision(input.toSign.unsigned, fromHex(input.toSign.secretKeyHex)),
    chains: input.chains.map(({ lines, after }) => verifyEnvelopes(lines, after ? { after } : {})),
    built: buildSession(input.session),
    projected: (() => {
      const envelopes = buildSession(`${input.session}-projected`).map((line) => parseEnvelopeLine(line));
      return projectChains(envelopes).length;
    })(),
    tamperedSignatureRejected: !verifyObject("lodestar.decision.v1", { a: 1 }, "A".repeat(86), publicKey),
  };
}

(globalThis as { lodestarProtocolCheck?: typeof run }).lodestarProtocolCheck = run;
