import { decide, iso, makeHold, makeKey } from "@lodestar/protocol/test-fixtures";
import { describe, expect, it } from "vitest";
import { HoldBook } from "../src/hold-book.ts";

const alice = makeKey("alice", ["L3", "L4"]);
const bob = makeKey("bob", ["L4"]);
const keys = [alice, bob];

function book() {
  return new HoldBook({
    keys: () => ({ findKey: (id) => keys.find((k) => k.keyId === id), operatorKeys: [] }),
    selfApproval: false,
  });
}

function liveHold(level: "L3" | "L4" = "L3", ttlMs = 60_000) {
  const now = Date.now();
  return makeHold({ level, createdAt: iso(now - 10), expiresAt: iso(now + ttlMs) });
}

function liveDecision(
  hold: ReturnType<typeof liveHold>,
  key = alice,
  verdict: "approve" | "deny" = "approve",
) {
  return decide(hold, key, { verdict, issuedAt: iso(Date.now()), expiresAt: iso(Date.now() + 60_000) });
}

describe("HoldBook", () => {
  it("an approval by an authorized key resolves the hold approved", async () => {
    const b = book();
    const hold = liveHold();
    const resolution = b.open(hold, 1);
    expect(b.apply(liveDecision(hold)).ok).toBe(true);
    expect(await resolution).toMatchObject({ status: "approved", approvers: ["alice"] });
  });

  it("a deny wins over earlier approvals toward a quorum", async () => {
    const b = book();
    const hold = liveHold("L4");
    const resolution = b.open(hold, 2);
    expect(b.apply(liveDecision(hold, alice)).ok).toBe(true);
    expect(b.apply(liveDecision(hold, bob, "deny")).ok).toBe(true);
    expect((await resolution).status).toBe("denied");
  });

  it("2-of-n needs two distinct keys; the same key twice does not count", async () => {
    const b = book();
    const hold = liveHold("L4");
    const resolution = b.open(hold, 2);
    expect(b.apply(liveDecision(hold, alice)).ok).toBe(true);
    expect(b.apply(liveDecision(hold, alice))).toMatchObject({ ok: false, code: "duplicate-approver" });
    expect(b.get(hold.holdId)?.open).toBe(true);
    expect(b.apply(liveDecision(hold, bob)).ok).toBe(true);
    expect(await resolution).toMatchObject({ status: "approved", approvers: ["alice", "bob"] });
  });

  it("a frozen transport: no decision ever arrives, the hold expires to deny on its own timer", async () => {
    const b = book();
    const hold = liveHold("L3", 60);
    const started = Date.now();
    const resolution = await b.open(hold, 1);
    expect(resolution.status).toBe("expired");
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("an expired hold cannot be revived by a later approval", async () => {
    const b = book();
    const hold = liveHold("L3", 30);
    await b.open(hold, 1);
    expect(b.apply(liveDecision(hold))).toMatchObject({ ok: false, code: "hold-not-open" });
  });

  it("a resolved hold is resolved at most once, and a used decision is spent even if rejected", async () => {
    const b = book();
    const hold = liveHold();
    const resolution = b.open(hold, 1);
    const approval = liveDecision(hold);
    expect(b.apply(approval).ok).toBe(true);
    await resolution;
    expect(b.apply(approval)).toMatchObject({ ok: false, code: "replayed" });
    expect(b.apply(liveDecision(hold))).toMatchObject({ ok: false, code: "hold-not-open" });
  });

  it("cancelling the call cancels its hold", async () => {
    const b = book();
    const hold = liveHold();
    const controller = new AbortController();
    const resolution = b.open(hold, 1, controller.signal);
    controller.abort();
    expect((await resolution).status).toBe("cancelled");
    expect(b.openHolds()).toEqual([]);
  });

  it("holds closed during a rebuild reject decisions, and rebuilt used decisions stay spent", () => {
    const b = book();
    const dangling = liveHold();
    b.markClosed(dangling);
    expect(b.apply(liveDecision(dangling))).toMatchObject({ ok: false, code: "hold-not-open" });
    const other = liveHold();
    const d = liveDecision(other);
    b.markUsed(`${d.keyId}/${d.nonce}`);
    void b.open(other, 1);
    expect(b.apply(d)).toMatchObject({ ok: false, code: "replayed" });
    b.cancelAll();
  });
});
