import { publicKeyOf } from "@lodestar/crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionDigest } from "../src/action-digest.ts";
import { createDecision } from "../src/create-decision.ts";
import { DecisionSigningError } from "../src/decision-signing-error.ts";
import { signDecision, unsignedPart } from "../src/signed-decision.ts";
import { verifyDecision } from "../src/verify-decision.ts";
import { context, decide, iso, makeHold, makeKey, T0 } from "./decision-fixtures.ts";

const runs = process.env.LODESTAR_SLOW ? 5_000 : 200;
const propertyTimeout = process.env.LODESTAR_SLOW ? 300_000 : 30_000;
const alice = makeKey("alice", ["L3", "L4"]);
const dave = makeKey("dave", ["L3", "L4"]);
// The operator's own key, pinned under a label that says "approver": the label must not matter.
const disguisedOperator = makeKey("ops-laptop", ["L3", "L4"], { role: "approver" });
const pinned = [alice, dave, disguisedOperator];

describe("named approvers (finding 3)", () => {
  it("a key pinned for the level but not named by the policy for it → approver-not-named", () => {
    const hold = makeHold({ approverKeys: ["alice"] });
    expect(verifyDecision(decide(hold, dave), context(pinned, [hold]))).toMatchObject({
      ok: false,
      code: "approver-not-named",
      spent: true,
    });
    expect(verifyDecision(decide(hold, alice), context(pinned, [hold])).ok).toBe(true);
  });
  it("a deny from an unnamed pinned key is still honoured (a deny only makes things safer)", () => {
    const hold = makeHold({ approverKeys: ["alice"] });
    expect(verifyDecision(decide(hold, dave, { verdict: "deny" }), context(pinned, [hold])).ok).toBe(true);
  });
});

describe("self-approval by key identity (finding 7)", () => {
  it("the operator's public key under an approver label → self-approval", () => {
    const hold = makeHold();
    const ctx = context(pinned, [hold], { operatorKeys: [publicKeyOf(disguisedOperator.secretKey)] });
    expect(verifyDecision(decide(hold, disguisedOperator), ctx)).toMatchObject({
      ok: false,
      code: "self-approval",
    });
    // The same key may still deny, and approve when the policy turns self-approval on.
    expect(verifyDecision(decide(hold, disguisedOperator, { verdict: "deny" }), ctx).ok).toBe(true);
    expect(verifyDecision(decide(hold, disguisedOperator), { ...ctx, selfApproval: true }).ok).toBe(true);
  });
  it("an operator-labelled key that is not the operator's key is judged by its identity too", () => {
    const labelled = makeKey("second-op", ["L3"], { role: "operator" });
    const hold = makeHold();
    const ctx = context([labelled], [hold], { operatorKeys: [publicKeyOf(alice.secretKey)] });
    expect(verifyDecision(decide(hold, labelled), ctx).ok).toBe(true);
  });
});

describe("a decision id is spent only once its signature verified (finding 6)", () => {
  it("rejections before the signature verified do not spend; after it, they do", () => {
    const hold = makeHold();
    const genuine = decide(hold, alice);
    const tampered = { ...genuine, reason: "tampered in transit" };
    expect(verifyDecision(tampered, context(pinned, [hold]))).toMatchObject({
      code: "bad-signature",
      spent: false,
    });
    const closed = makeHold({ open: false });
    expect(verifyDecision(decide(closed, alice), context(pinned, [closed]))).toMatchObject({
      code: "hold-not-open",
      spent: true,
    });
    const stranger = makeKey("stranger", ["L3"]);
    expect(verifyDecision(decide(hold, stranger), context(pinned, [hold]))).toMatchObject({
      code: "unpinned-key",
      spent: false,
    });
  });
  it(
    "property: whatever tampered copies arrive first, the genuine decision is still accepted",
    () => {
      const fields = [
        "holdId",
        "session",
        "verdict",
        "approver",
        "issuedAt",
        "reason",
        "sig",
        "level",
      ] as const;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 30 })), {
            minLength: 1,
            maxLength: 4,
          }),
          (edits) => {
            const hold = makeHold();
            const genuine = decide(hold, alice, { reason: "ok" });
            const used = new Set<string>();
            const ctx = context(pinned, [hold], { alreadyUsed: (id) => used.has(id) });
            for (const [field, junk] of edits) {
              const copy: Record<string, unknown> = { ...genuine, [field]: junk };
              if (copy[field] === (genuine as Record<string, unknown>)[field]) continue;
              const r = verifyDecision(copy, ctx);
              expect(r.ok).toBe(false);
              // The caller's rule: spend only what the verifier says is spent.
              if (!r.ok && r.spent && r.decisionId) used.add(r.decisionId);
            }
            expect(verifyDecision(genuine, ctx).ok).toBe(true);
          },
        ),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});

describe("the signer recomputes the action digest from what it shows (finding 4)", () => {
  const shown = {
    session: "s-1",
    tool: "write_file",
    args: { path: "/w/deploy.sh", content: "echo hi" },
    cwd: "/w",
    level: "L3" as const,
    policyDigest: "a".repeat(64),
  };
  const base = {
    ...shown,
    holdId: `hold_${"0".repeat(26)}`,
    actionDigest: actionDigest(shown),
    expiresAt: iso(T0 + 60_000),
  };
  const now = new Date(T0 + 1_000);
  it("signs when the digest of what is shown matches the hold's", () => {
    const d = createDecision({
      hold: base,
      verdict: "approve",
      secretKey: alice.secretKey,
      approver: "a",
      now,
    });
    expect(d.actionDigest).toBe(base.actionDigest);
  });
  it.each([
    ["benign arguments next to a malicious digest", { args: { path: "/w/README.md", content: "" } }],
    ["another tool", { tool: "read_file" }],
    ["another working directory", { cwd: "/" }],
    ["another level", { level: "L2" as const }],
    ["another policy", { policyDigest: "b".repeat(64) }],
    ["another session", { session: "s-2" }],
    [
      "an argument hidden behind its commitment",
      { args: { path: "/w/deploy.sh", content: { redacted: "x" } } },
    ],
  ])("refuses %s → action-digest-mismatch", (_what, change) => {
    expect(() =>
      createDecision({
        hold: { ...base, ...change },
        verdict: "approve",
        secretKey: alice.secretKey,
        approver: "a",
        now,
      }),
    ).toThrow(expect.objectContaining({ code: "action-digest-mismatch" }));
  });
  it("refuses a hold recorded without cwd or policy digest (an older log) → hold-incomplete", () => {
    const { cwd: _c, policyDigest: _p, ...old } = base;
    let caught: unknown;
    try {
      createDecision({ hold: old, verdict: "deny", secretKey: alice.secretKey, approver: "a", now });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DecisionSigningError);
    expect(caught).toMatchObject({ code: "hold-incomplete" });
    expect((caught as Error).message).toMatch(/cwd, policyDigest/);
  });
  it("a decision re-targeted at another hold by editing its hold id → bad-signature", () => {
    const a = makeHold();
    const b = makeHold({ session: a.session });
    const forA = decide(a, alice);
    const retargeted = { ...forA, holdId: b.holdId, actionDigest: b.actionDigest };
    expect(verifyDecision(retargeted, context(pinned, [a, b]))).toMatchObject({ code: "bad-signature" });
    // Re-signing it needs a pinned key: with any other key it is unpinned or a bad signature.
    const resigned = signDecision(unsignedPart(retargeted), makeKey("x", ["L3"]).secretKey);
    expect(verifyDecision(resigned, context(pinned, [a, b]))).toMatchObject({ code: "bad-signature" });
  });
});
