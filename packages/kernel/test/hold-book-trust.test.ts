import type { TrustedKey } from "@lodestar/protocol";
import { decide, iso, makeHold, makeKey, type TestKey } from "@lodestar/protocol/test-fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HoldBook } from "../src/hold-book.ts";

const runs = process.env.LODESTAR_SLOW ? 2_000 : 100;
const propertyTimeout = process.env.LODESTAR_SLOW ? 300_000 : 30_000;

/** A book over a mutable key list: what the guard sees when pinned-keys.json changes under it. */
function bookOver(keys: () => TrustedKey[], operatorKeys: Uint8Array[] = []) {
  return new HoldBook({
    keys: () => ({ findKey: (id) => keys().find((k) => k.keyId === id), operatorKeys }),
    selfApproval: false,
  });
}

function liveHold(level: "L3" | "L4" = "L3") {
  const now = Date.now();
  return makeHold({ level, createdAt: iso(now - 10), expiresAt: iso(now + 60_000) });
}

const liveDecision = (
  hold: ReturnType<typeof liveHold>,
  key: TestKey,
  verdict: "approve" | "deny" = "approve",
) => decide(hold, key, { verdict, issuedAt: iso(Date.now()), expiresAt: iso(Date.now() + 60_000) });

describe("HoldBook trust controls", () => {
  it("a tampered copy arriving first does not burn the genuine decision (finding 6)", async () => {
    const alice = makeKey("alice", ["L3"]);
    const b = bookOver(() => [alice]);
    const hold = liveHold();
    const resolution = b.open(hold, 1);
    const genuine = liveDecision(hold, alice);
    expect(b.apply({ ...genuine, approver: "mallory" })).toMatchObject({ ok: false, code: "bad-signature" });
    expect(b.apply(genuine)).toMatchObject({ ok: true });
    expect((await resolution).status).toBe("approved");
  });

  it(
    "property: any sequence of forged copies (bad signature, unpinned key) never spends the genuine id",
    () => {
      const alice = makeKey("alice", ["L3"]);
      const stranger = makeKey("stranger", ["L3"]);
      fc.assert(
        fc.property(
          fc.array(
            fc.constantFrom("verdict", "reason", "approver", "sig", "stranger", "foreign-sig", "junk"),
            {
              minLength: 1,
              maxLength: 5,
            },
          ),
          fc.boolean(),
          (attacks, reversed) => {
            // Every copy claims the genuine decision's key id and nonce; none carries alice's signature.
            const b = bookOver(() => [alice]);
            const hold = liveHold();
            void b.open(hold, 1);
            const genuine = liveDecision(hold, alice, "deny");
            for (const attack of reversed ? [...attacks].reverse() : attacks) {
              const copy =
                attack === "stranger"
                  ? { ...liveDecision(hold, stranger, "deny"), keyId: genuine.keyId, nonce: genuine.nonce }
                  : attack === "junk"
                    ? { holdId: genuine.holdId, keyId: genuine.keyId, nonce: genuine.nonce }
                    : attack === "foreign-sig"
                      ? { ...genuine, sig: liveDecision(hold, stranger, "deny").sig }
                      : { ...genuine, [attack]: attack === "verdict" ? "approve" : "x".repeat(86) };
              expect(b.apply(copy).ok).toBe(false);
            }
            expect(b.apply(genuine)).toMatchObject({ ok: true });
            b.cancelAll();
          },
        ),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it("a key revoked while a hold waits is refused for that hold (finding 2)", async () => {
    const dave = makeKey("dave", ["L3"]);
    let pinned: TrustedKey[] = [dave];
    const b = bookOver(() => pinned);
    const hold = liveHold();
    const resolution = b.open(hold, 1);
    const signedBeforeRevoke = liveDecision(hold, dave);
    pinned = [{ ...dave, revoked: true }];
    expect(b.apply(signedBeforeRevoke)).toMatchObject({ ok: false, code: "revoked-key", spent: false });
    expect(b.get(hold.holdId)?.open).toBe(true);
    b.cancelAll();
    expect((await resolution).status).toBe("cancelled");
  });

  it("an approval counted toward a quorum stops counting once its key is revoked", async () => {
    const alice = makeKey("alice", ["L4"]);
    const bob = makeKey("bob", ["L4"]);
    const carol = makeKey("carol", ["L4"]);
    let pinned: TrustedKey[] = [alice, bob, carol];
    const b = bookOver(() => pinned);
    const hold = liveHold("L4");
    const resolution = b.open(hold, 2);
    expect(b.apply(liveDecision(hold, alice)).ok).toBe(true);
    pinned = [{ ...alice, revoked: true }, bob, carol];
    expect(b.apply(liveDecision(hold, bob)).ok).toBe(true);
    expect(b.get(hold.holdId)).toMatchObject({ open: true, approvedBy: [bob.keyId] });
    expect(b.apply(liveDecision(hold, carol)).ok).toBe(true);
    expect(await resolution).toMatchObject({ status: "approved", approvers: ["bob", "carol"] });
  });

  it("quorums count only named keys: an unnamed key is refused and the hold keeps waiting (finding 3)", async () => {
    const alice = makeKey("alice", ["L4"]);
    const bob = makeKey("bob", ["L4"]);
    const dave = makeKey("dave", ["L4"]);
    const b = bookOver(() => [alice, bob, dave]);
    const hold = { ...liveHold("L4"), approverKeys: ["alice", "bob"] };
    const resolution = b.open(hold, 2);
    expect(b.apply(liveDecision(hold, alice)).ok).toBe(true);
    expect(b.apply(liveDecision(hold, dave))).toMatchObject({ ok: false, code: "approver-not-named" });
    expect(b.get(hold.holdId)?.open).toBe(true);
    expect(b.apply(liveDecision(hold, bob)).ok).toBe(true);
    expect(await resolution).toMatchObject({ status: "approved", approvers: ["alice", "bob"] });
  });

  it("pinned keys that cannot be read refuse every decision without spending it (fail closed)", async () => {
    const alice = makeKey("alice", ["L3"]);
    let readable = false;
    const b = new HoldBook({
      keys: () => {
        if (!readable) throw new Error("pinned keys file is group/other-writable");
        return { findKey: (id) => (id === alice.keyId ? alice : undefined), operatorKeys: [] };
      },
      selfApproval: false,
    });
    const hold = liveHold();
    const resolution = b.open(hold, 1);
    const d = liveDecision(hold, alice);
    expect(b.apply(d)).toMatchObject({ ok: false, code: "pinned-keys-unavailable", spent: false });
    readable = true;
    expect(b.apply(d).ok).toBe(true);
    expect((await resolution).status).toBe("approved");
  });

  it("self-approval by identity: the operator's key relabelled as an approver → self-approval (finding 7)", async () => {
    const ops = makeKey("ops-laptop", ["L3"], { role: "approver" });
    const b = bookOver(() => [ops], [ops.publicKey]);
    const hold = liveHold();
    void b.open(hold, 1);
    expect(b.apply(liveDecision(hold, ops))).toMatchObject({ ok: false, code: "self-approval" });
    b.cancelAll();
  });
});
