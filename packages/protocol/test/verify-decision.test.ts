import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signDecision, unsignedPart } from "../src/signed-decision.ts";
import { verifyDecision } from "../src/verify-decision.ts";
import { context, decide, iso, makeHold, makeKey, T0 } from "./decision-fixtures.ts";

const runs = process.env.LODESTAR_SLOW ? 10_000 : 300;
// Each run verifies an Ed25519 signature (~1 ms here): 10,000 runs need more than the default 5 s.
const propertyTimeout = process.env.LODESTAR_SLOW ? 300_000 : 30_000;
const alice = makeKey("alice", ["L2", "L3"]);
const lowKey = makeKey("low", ["L1", "L2"]);
const revoked = makeKey("mallory", ["L3", "L4"], { revoked: true });
const operator = makeKey("operator", ["L3", "L4"], { role: "operator" });
const stranger = makeKey("stranger", ["L3", "L4"]); // never pinned
const pinned = [alice, lowKey, revoked, operator];

const codeOf = (raw: unknown, ctx = context(pinned, [])) => {
  const r = verifyDecision(raw, ctx);
  return r.ok ? "ok" : r.code;
};

describe("verifyDecision accepts exactly a valid decision", () => {
  it("accepts an approval by a pinned key authorized for the level, within both expiries", () => {
    const hold = makeHold();
    const r = verifyDecision(decide(hold, alice), context(pinned, [hold]));
    expect(r).toMatchObject({ ok: true, approverName: "alice" });
  });
});

describe("a compromised transport tries to mint an approval", () => {
  const hold = makeHold();
  const ctx = context(pinned, [hold]);
  it("without a signature → malformed", () => {
    const { sig: _s, ...unsigned } = decide(hold, alice);
    expect(codeOf(unsigned, ctx)).toBe("malformed");
  });
  it("signed by an unpinned key → unpinned-key", () =>
    expect(codeOf(decide(hold, stranger), ctx)).toBe("unpinned-key"));
  it("signed by a revoked key → revoked-key", () =>
    expect(codeOf(decide(hold, revoked), ctx)).toBe("revoked-key"));
  it("signed by a key pinned for a lower level → key-not-authorized-for-level", () =>
    expect(codeOf(decide(hold, lowKey), ctx)).toBe("key-not-authorized-for-level"));
  it("claiming a pinned key id but signed by another key → bad-signature", () => {
    const forged = signDecision({ ...unsignedPart(decide(hold, alice)) }, stranger.secretKey);
    expect(codeOf(forged, ctx)).toBe("bad-signature");
  });
  it("by the operator's own key while self-approval is off → self-approval", () =>
    expect(codeOf(decide(hold, operator), ctx)).toBe("self-approval"));
  it("by the operator's key when the policy allows self-approval → accepted", () =>
    expect(codeOf(decide(hold, operator), context(pinned, [hold], { selfApproval: true }))).toBe("ok"));
});

describe("replay", () => {
  it("the same approval twice for the same hold → replayed", () => {
    const hold = makeHold();
    const used = new Set<string>();
    const ctx = context(pinned, [hold], { alreadyUsed: (id) => used.has(id) });
    const d = decide(hold, alice);
    const first = verifyDecision(d, ctx);
    expect(first.ok).toBe(true);
    if (first.ok) used.add(first.decisionId);
    expect(codeOf(d, ctx)).toBe("replayed");
  });
  it("an approval for another hold, replayed while this hold waits → it never resolves this hold", () => {
    const old = makeHold({ open: false });
    const waiting = makeHold();
    const r = verifyDecision(decide(old, alice), context(pinned, [old, waiting]));
    expect(r).toMatchObject({ ok: false, code: "hold-not-open" });
  });
  it("an approval from another session (or tenant) → unknown-hold or session-mismatch", () => {
    const elsewhere = makeHold({ session: "other-tenant-session" });
    const local = makeHold({ holdId: elsewhere.holdId, session: "s-1" });
    expect(codeOf(decide(elsewhere, alice), context(pinned, [local]))).toBe("session-mismatch");
    expect(codeOf(decide(elsewhere, alice), context(pinned, []))).toBe("unknown-hold");
  });
});

describe("upgrade", () => {
  it("an approval for an L2 action used on an L4 action → action-digest-mismatch", () => {
    const l2 = makeHold({ level: "L2" });
    const l4 = makeHold({ level: "L4", holdId: l2.holdId, session: l2.session });
    expect(codeOf(decide(l2, alice), context(pinned, [l4]))).toBe("action-digest-mismatch");
  });
  it("the same action digest but a different level → level-mismatch", () => {
    const held = makeHold({ level: "L3" });
    const claimed = { ...held, level: "L2" as const };
    expect(codeOf(decide(claimed, alice), context(pinned, [held]))).toBe("level-mismatch");
  });
  it("any argument changed after signing → action-digest-mismatch", () => {
    const hold = makeHold();
    const signedFor = { ...hold, actionDigest: "0".repeat(64) };
    expect(codeOf(decide(signedFor, alice), context(pinned, [hold]))).toBe("action-digest-mismatch");
  });
});

describe("revive", () => {
  it("approving after the hold expired → hold-expired", () => {
    const hold = makeHold();
    const late = context(pinned, [hold], { now: new Date(T0 + 6 * 60_000) });
    expect(codeOf(decide(hold, alice, { expiresAt: iso(T0 + 10 * 60_000) }), late)).toBe("hold-expired");
  });
  it("approving after a deny resolved the hold → hold-not-open", () => {
    const hold = makeHold({ open: false });
    expect(codeOf(decide(hold, alice), context(pinned, [hold]))).toBe("hold-not-open");
  });
  it("a decision issued before the hold existed → issued-before-hold", () => {
    const hold = makeHold();
    expect(codeOf(decide(hold, alice, { issuedAt: iso(T0 - 1) }), context(pinned, [hold]))).toBe(
      "issued-before-hold",
    );
  });
  it("a decision past its own expiry → decision-expired", () => {
    const hold = makeHold();
    expect(codeOf(decide(hold, alice, { expiresAt: iso(T0 + 1_500) }), context(pinned, [hold]))).toBe(
      "decision-expired",
    );
  });
});

describe("flip and alter in transit", () => {
  const hold = makeHold();
  const ctx = context(pinned, [hold]);
  const deny = decide(hold, alice, { verdict: "deny", reason: "no" });
  it.each([
    ["verdict deny → approve", { verdict: "approve" }],
    ["reason", { reason: "sure" }],
    ["approver identity", { approver: "ceo@example.com" }],
    ["expiry", { expiresAt: iso(T0 + 9 * 60_000) }],
  ])("changing the %s → bad-signature", (_what, change) => {
    expect(codeOf({ ...deny, ...change }, ctx)).toBe("bad-signature");
  });
  it("a deny from a pinned key is honoured even when that key may not approve the level", () => {
    expect(codeOf(decide(hold, lowKey, { verdict: "deny" }), ctx)).toBe("ok");
  });
  it("a second approval by the same key cannot make up a 2-of-n quorum → duplicate-approver", () => {
    const quorumHold = makeHold({ approvedBy: [alice.keyId] });
    expect(codeOf(decide(quorumHold, alice), context(pinned, [quorumHold]))).toBe("duplicate-approver");
  });
});

describe("property: any single-field mutation of a valid decision is rejected", () => {
  it(
    "mutating one signed field never verifies",
    () => {
      const hold = makeHold();
      const valid = decide(hold, alice);
      const fields = [
        "holdId",
        "session",
        "actionDigest",
        "level",
        "verdict",
        "approver",
        "issuedAt",
        "expiresAt",
        "nonce",
        "reason",
        "sig",
      ] as const;
      fc.assert(
        fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 40 }), (field, junk) => {
          const mutated: Record<string, unknown> = { ...valid, [field]: junk };
          if (mutated[field] === (valid as Record<string, unknown>)[field]) return;
          expect(verifyDecision(mutated, context(pinned, [hold])).ok).toBe(false);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
  it(
    "arbitrary JSON is never accepted",
    () => {
      const hold = makeHold();
      fc.assert(
        fc.property(fc.jsonValue(), (junk) => {
          expect(verifyDecision(junk, context(pinned, [hold])).ok).toBe(false);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
