import { randomBytes } from "node:crypto";
import { generateKeyPair, type KeyPair, keyIdOf, toBase64Url } from "@lodestar/crypto";
import { createEnvelopeLine, type Envelope, genesisHash, type PartInput } from "@lodestar/envelope";
import { type ActionLevel, type SignedDecision, signDecision, type TrustedKey } from "@lodestar/protocol";
import { describe, expect, it } from "vitest";
import { LadderProjection } from "../src/index.ts";

/**
 * Threat (threats.md): a forged `approved` grant must not promote the rung. The projection counts
 * a grant only if its embedded signed decisions verify under the keys pinned now and approve
 * exactly the hold the grant resolves; the outcome of a held call counts as approved only after
 * such a grant.
 */
const alice = generateKeyPair();
const bob = generateKeyPair();
const stranger = generateKeyPair();

function pinned(overrides: Partial<Record<"alice" | "bob", Partial<TrustedKey>>> = {}) {
  const keys = new Map<string, TrustedKey>();
  for (const [name, pair, levels] of [
    ["alice", alice, ["L3", "L4"]],
    ["bob", bob, ["L4"]],
  ] as const) {
    const key: TrustedKey = {
      name,
      keyId: keyIdOf(pair.publicKey),
      publicKey: pair.publicKey,
      levels,
      role: "approver",
      revoked: false,
      ...overrides[name],
    };
    keys.set(key.keyId, key);
  }
  return (keyId: string) => keys.get(keyId);
}

const session = "s1";
let seq = 0;
let prev = genesisHash(session);
function envelope(kind: Envelope["kind"], body: Record<string, unknown>, parents: string[] = []): Envelope {
  const parts: Record<string, PartInput> = {};
  for (const [name, value] of Object.entries(body)) parts[name] = { value };
  const { envelope: e } = createEnvelopeLine({
    kind,
    session,
    seq: seq++,
    prev,
    actor: { agent: "A" },
    parents,
    sensitivity: "internal",
    body: parts,
  });
  prev = e.hash;
  return e;
}

interface HeldCall {
  holdId: string;
  actionDigest: string;
  level: ActionLevel;
  decision: Envelope;
  hold: Envelope;
}

function heldCall(level: ActionLevel = "L3", quorum = 1): HeldCall {
  const holdId = `hold_${randomBytes(16).toString("hex").slice(0, 26)}`;
  const actionDigest = randomBytes(32).toString("hex");
  const decision = envelope("decision", { verdict: "hold", capability: "fs.read", level });
  const hold = envelope("hold", { holdId, actionDigest, level, quorum }, [decision.id]);
  return { holdId, actionDigest, level, decision, hold };
}

function approval(call: HeldCall, by: KeyPair, edit: Partial<SignedDecision> = {}): SignedDecision {
  const now = Date.now();
  return signDecision(
    {
      v: 1,
      holdId: call.holdId,
      session,
      actionDigest: call.actionDigest,
      level: call.level,
      verdict: "approve",
      keyId: keyIdOf(by.publicKey),
      approver: "alice",
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 60_000).toISOString(),
      nonce: toBase64Url(randomBytes(16)),
      ...edit,
    },
    by.secretKey,
  );
}

function grant(call: HeldCall, decisions: unknown[]): Envelope {
  return envelope("grant", { holdId: call.holdId, status: "approved", decisions }, [call.hold.id]);
}

/** The ladder events a projection derives from one held call, its grant and its outcome. */
function project(
  decisions: (call: HeldCall) => unknown[],
  keys = pinned(),
  level: ActionLevel = "L3",
  quorum = 1,
) {
  const projection = new LadderProjection(keys);
  const call = heldCall(level, quorum);
  for (const e of [call.decision, call.hold, grant(call, decisions(call))]) projection.feed(e);
  projection.feed(envelope("outcome", { ok: true }, [call.decision.id]));
  return projection.events.map((e) => (e.type === "outcome" ? `outcome approved=${e.approved}` : e.type));
}

describe("ladder evidence from grants", () => {
  it("counts a grant whose decision a pinned key signed for this hold", () => {
    expect(project((c) => [approval(c, alice)])).toEqual(["hold-approved", "outcome approved=true"]);
  });

  it("does not count a forged grant: no decisions, a stranger's key, a bad signature", () => {
    for (const forged of [
      () => [],
      (c: HeldCall) => [approval(c, stranger)],
      (c: HeldCall) => [{ ...approval(c, alice), reason: "edited after signing" }],
      () => [{ not: "a decision" }],
    ]) {
      expect(project(forged)).toEqual(["outcome approved=false"]);
    }
  });

  it("does not count a genuine decision for another hold, session, action or level", () => {
    for (const edit of [
      { holdId: `hold_${"a".repeat(26)}` },
      { session: "s2" },
      { actionDigest: "00".repeat(32) },
      { level: "L4" as const },
    ]) {
      expect(project((c) => [approval(c, alice, edit)])).toEqual(["outcome approved=false"]);
    }
  });

  it("does not count a key revoked since, or one not allowed for the level", () => {
    expect(project((c) => [approval(c, alice)], pinned({ alice: { revoked: true } }))).toEqual([
      "outcome approved=false",
    ]);
    expect(project((c) => [approval(c, bob)])).toEqual(["outcome approved=false"]);
  });

  it("needs the hold's quorum of distinct keys", () => {
    expect(project((c) => [approval(c, alice)], pinned(), "L4", 2)).toEqual(["outcome approved=false"]);
    expect(project((c) => [approval(c, alice), approval(c, alice)], pinned(), "L4", 2)).toEqual([
      "outcome approved=false",
    ]);
    expect(project((c) => [approval(c, alice), approval(c, bob)], pinned(), "L4", 2)).toEqual([
      "hold-approved",
      "outcome approved=true",
    ]);
  });

  it("counts one signed decision once, however many grants carry it", () => {
    const projection = new LadderProjection(pinned());
    const call = heldCall();
    const signed = approval(call, alice);
    for (const e of [call.decision, call.hold, grant(call, [signed]), grant(call, [signed])])
      projection.feed(e);
    expect(projection.events.map((e) => e.type)).toEqual(["hold-approved"]);
    expect(projection.unverifiedGrants).toHaveLength(1);
  });
});
