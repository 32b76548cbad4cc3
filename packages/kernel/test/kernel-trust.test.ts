// Every §5 control, enforced by a running kernel: decisions arrive through the approvals folder
// (the transport, attacker-controlled), and each rejection is asserted by its reason code, read
// back from rejected/<file>.reason.json and from the log's grant envelopes.
import { existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPair, type KeyPair } from "@lodestar/crypto";
import { pinKey, revokeKey } from "@lodestar/crypto/node";
import type { Envelope } from "@lodestar/envelope";
import { readLog } from "@lodestar/log";
import { createDecision, signDecision, unsignedPart } from "@lodestar/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { type HoldAnnouncement, type Kernel, listHolds, openKernel } from "../src/index.ts";
import { SessionState } from "../src/session-state.ts";
import { makeHome, TEST_POLICY, type TestHome } from "./home-fixture.ts";

const LONG_HOLDS = TEST_POLICY.replace("holdTtl: { default: 3s }", "holdTtl: { default: 60s }");
const open: Kernel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((k) => k.close().catch(() => undefined)));
});

interface Guard {
  t: TestHome;
  kernel: Kernel;
  holds: HoldAnnouncement[];
  warnings: string[];
}

async function guard(policy = LONG_HOLDS, session = "s1", t?: TestHome): Promise<Guard> {
  const home = t ?? (await makeHome(policy));
  const holds: HoldAnnouncement[] = [];
  const warnings: string[] = [];
  const kernel = await openKernel({
    home: home.home,
    session,
    agent: "coder",
    model: "m-1",
    onHold: (a) => holds.push(a),
    onWarning: (w) => warnings.push(w),
  });
  open.push(kernel);
  return { t: home, kernel, holds, warnings };
}

/** Proposes a HIGH delete and waits until its hold is announced. */
async function held(g: Guard, path = "build", tool = "fs.delete", args: Record<string, unknown> = { path }) {
  const before = g.holds.length;
  const result = g.kernel.evaluate({ tool, args });
  await until(() => g.holds.length > before);
  return { hold: g.holds.at(-1)!, result };
}

const sign = (hold: HoldAnnouncement, key: KeyPair, verdict: "approve" | "deny" = "approve") =>
  createDecision({ hold, verdict, secretKey: key.secretKey, approver: "someone" });

let dropped = 0;
/** Drops any JSON into the approvals folder (atomically) and returns its file name. */
async function drop(g: Guard, value: unknown): Promise<string> {
  const name = `drop-${process.pid}-${dropped++}.json`;
  const tmp = join(g.t.home.approvalsDir, `.${name}.tmp`);
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, join(g.t.home.approvalsDir, name));
  return name;
}

/** The reason code the kernel filed a dropped decision under; "applied" when it was accepted. */
async function verdictOf(g: Guard, name: string): Promise<string> {
  const dir = g.t.home.approvalsDir;
  await until(
    () => existsSync(join(dir, "applied", name)) || existsSync(join(dir, "rejected", `${name}.reason.json`)),
  );
  if (existsSync(join(dir, "applied", name))) return "applied";
  return (
    JSON.parse(await readFile(join(dir, "rejected", `${name}.reason.json`), "utf8")) as { code: string }
  ).code;
}

const outcomeOf = async (g: Guard, value: unknown) => verdictOf(g, await drop(g, value));

async function grants(g: Guard, session = "s1") {
  const out: [unknown, unknown][] = [];
  for await (const e of readLog(g.t.home.sessionFile(session)))
    if (e.kind === "grant") out.push([value(e, "status"), value(e, "code")]);
  return out;
}

const value = (e: Envelope, name: string) => (e.body[name] as { value?: unknown } | undefined)?.value;

/** Ends a hold with a genuine deny so the next test starts clean. */
async function release(g: Guard, hold: HoldAnnouncement, result: Promise<unknown>) {
  expect(await outcomeOf(g, sign(hold, g.t.keys.alice, "deny"))).toBe("applied");
  await result;
}

describe("threats.md through a running kernel: a hostile transport tries to", () => {
  it("mint an approval: unsigned, unpinned, revoked, pinned for a lower level → rejected, the hold waits", async () => {
    const g = await guard();
    const { hold, result } = await held(g);
    const { sig: _sig, ...unsigned } = sign(hold, g.t.keys.alice);
    expect(await outcomeOf(g, unsigned)).toBe("malformed");
    expect(await outcomeOf(g, sign(hold, generateKeyPair()))).toBe("unpinned-key");
    await revokeKey(g.t.home.pinnedKeysFile, "bob");
    const bobL3 = { ...hold, level: "L3" as const };
    expect(await outcomeOf(g, sign(bobL3, g.t.keys.bob))).toBe("revoked-key");
    expect(await outcomeOf(g, sign(hold, g.t.keys.low))).toBe("key-not-authorized-for-level");
    expect(g.kernel.openHolds().map((h) => h.holdId)).toEqual([hold.holdId]);
    await release(g, hold, result);
    expect(await grants(g)).toEqual([
      ["rejected", "malformed"],
      ["rejected", "unpinned-key"],
      ["rejected", "revoked-key"],
      ["rejected", "key-not-authorized-for-level"],
      ["denied", undefined],
    ]);
  });

  it("replay: the same approval twice, an approval re-targeted at another open hold, one from another session", async () => {
    const g = await guard();
    const first = await held(g, "a");
    const approval = sign(first.hold, g.t.keys.alice);
    expect(await outcomeOf(g, approval)).toBe("applied");
    expect(await first.result).toMatchObject({ verdict: "allow" });
    const second = await held(g, "b");
    // The same signed file again, while another hold waits: spent.
    expect(await outcomeOf(g, approval)).toBe("replayed");
    // The valid approval re-targeted at the open hold: its hold id is signed.
    expect(await outcomeOf(g, { ...approval, holdId: second.hold.holdId })).toBe("bad-signature");
    // A fresh approval for the resolved hold never reaches the waiting one.
    expect(await outcomeOf(g, sign(first.hold, g.t.keys.alice))).toBe("hold-not-open");
    // A hold of another session, signed as if it were this session's.
    const other = await guard(LONG_HOLDS, "s2", g.t);
    const foreign = await held(other, "c");
    const asIfLocal = signDecision(
      { ...unsignedPart(sign(foreign.hold, g.t.keys.alice)), session: "s1" },
      g.t.keys.alice.secretKey,
    );
    expect(await outcomeOf(g, asIfLocal)).toBe("unknown-hold");
    expect(g.kernel.openHolds().map((h) => h.holdId)).toEqual([second.hold.holdId]);
    await release(g, second.hold, second.result);
    await release(other, foreign.hold, foreign.result);
  });

  it("upgrade: an approval of one call used on another, or of another level → action-digest / level mismatch", async () => {
    const g = await guard();
    const { hold, result } = await held(g, "build");
    // Signed over another call: the signer is shown `docs` and its digest, the guard holds `build`.
    const harmless = { ...hold, args: { path: join(g.t.workspace, "docs") } };
    const upgraded = signDecision(
      { ...unsignedPart(sign(hold, g.t.keys.alice)), actionDigest: "f".repeat(64) },
      g.t.keys.alice.secretKey,
    );
    expect(() => sign({ ...harmless, actionDigest: hold.actionDigest }, g.t.keys.alice)).toThrow(
      expect.objectContaining({ code: "action-digest-mismatch" }),
    );
    expect(await outcomeOf(g, upgraded)).toBe("action-digest-mismatch");
    const otherLevel = signDecision(
      { ...unsignedPart(sign(hold, g.t.keys.alice)), level: "L4" },
      g.t.keys.alice.secretKey,
    );
    expect(await outcomeOf(g, otherLevel)).toBe("level-mismatch");
    await release(g, hold, result);
  });

  it("revive: approve after a deny, approve after expiry → hold-not-open; freeze: no decision → deny on time", async () => {
    const g = await guard(TEST_POLICY.replace("holdTtl: { default: 3s }", "holdTtl: { default: 1s }"));
    const denied = await held(g, "a");
    expect(await outcomeOf(g, sign(denied.hold, g.t.keys.alice, "deny"))).toBe("applied");
    expect(await denied.result).toMatchObject({ verdict: "deny" });
    expect(await outcomeOf(g, sign(denied.hold, g.t.keys.alice))).toBe("hold-not-open");
    const frozen = await held(g, "b");
    expect(await frozen.result).toMatchObject({
      verdict: "deny",
      reason: expect.stringMatching(/^hold expired/),
    });
    expect(await outcomeOf(g, sign(frozen.hold, g.t.keys.alice))).toBe("hold-not-open");
    expect((await grants(g)).map(([s, c]) => c ?? s)).toEqual([
      "denied",
      "hold-not-open",
      "expired",
      "hold-not-open",
    ]);
  });

  it("flip a deny into an approve, or alter the reason or identity → bad-signature", async () => {
    const g = await guard();
    const { hold, result } = await held(g);
    const deny = createDecision({
      hold,
      verdict: "deny",
      secretKey: g.t.keys.alice.secretKey,
      approver: "alice",
      reason: "no",
    });
    expect(await outcomeOf(g, { ...deny, verdict: "approve" })).toBe("bad-signature");
    expect(await outcomeOf(g, { ...deny, reason: "fine" })).toBe("bad-signature");
    expect(await outcomeOf(g, { ...deny, approver: "ceo" })).toBe("bad-signature");
    // Finding 6: the tampered copies did not spend the genuine deny, which still applies.
    expect(await outcomeOf(g, deny)).toBe("applied");
    expect(await result).toMatchObject({ verdict: "deny" });
  });

  it("self-approval: the operator's own key → self-approval", async () => {
    const g = await guard();
    const { hold, result } = await held(g, "a");
    expect(await outcomeOf(g, sign(hold, g.t.keys.operator))).toBe("self-approval");
    await release(g, hold, result);
  });
});

describe("findings 2, 3, 4, 6, 7, 8 through a running kernel", () => {
  it("7: the operator's key pinned under an approver label is still the operator's key → self-approval", async () => {
    const t = await makeHome(LONG_HOLDS);
    const file = t.home.pinnedKeysFile;
    const set = JSON.parse(await readFile(file, "utf8")) as { keys: { name: string; role: string }[] };
    for (const k of set.keys) if (k.name === "operator") k.role = "approver";
    await writeFile(file, `${JSON.stringify(set, null, 2)}\n`);
    const g = await guard(LONG_HOLDS, "s1", t);
    const { hold, result } = await held(g);
    expect(await outcomeOf(g, sign(hold, g.t.keys.operator))).toBe("self-approval");
    expect(g.kernel.openHolds().map((h) => h.holdId)).toEqual([hold.holdId]);
    await release(g, hold, result);
  });

  it("2: a key revoked while a call is held is refused for that hold; the call stays held", async () => {
    const t = await makeHome(LONG_HOLDS);
    const dave = generateKeyPair();
    await pinKey(t.home.pinnedKeysFile, {
      name: "dave",
      publicKey: dave.publicKey,
      levels: ["L3"],
      role: "approver",
    });
    const g = await guard(LONG_HOLDS, "s1", t);
    const { hold, result } = await held(g);
    const signedBeforeRevoke = sign(hold, dave);
    await revokeKey(g.t.home.pinnedKeysFile, "dave", "laptop lost");
    expect(await outcomeOf(g, signedBeforeRevoke)).toBe("revoked-key");
    expect(g.kernel.openHolds().map((h) => h.holdId)).toEqual([hold.holdId]);
    await release(g, hold, result);
  });

  it("2: a pinned-keys file made unusable refuses every decision (fail closed), and a fixed one works again", async () => {
    const g = await guard();
    const { hold, result } = await held(g);
    const file = g.t.home.pinnedKeysFile;
    const good = await readFile(file, "utf8");
    await writeFile(file, "{ not json");
    const approval = sign(hold, g.t.keys.alice);
    expect(await outcomeOf(g, approval)).toBe("pinned-keys-unavailable");
    await writeFile(file, good);
    // Not spent: the same decision applies once the keys are readable again.
    expect(await outcomeOf(g, approval)).toBe("applied");
    expect(await result).toMatchObject({ verdict: "allow" });
  });

  it("3: with named approvers, a key pinned for the level but not named is refused; quorums count named keys", async () => {
    const policy = LONG_HOLDS.replace(
      "approvers: { L4: { quorum: 2 } }",
      "approvers: { L3: [alice], L4: { keys: [alice, bob], quorum: 2 } }",
    );
    const t = await makeHome(policy);
    const dave = generateKeyPair();
    await pinKey(t.home.pinnedKeysFile, {
      name: "dave",
      publicKey: dave.publicKey,
      levels: ["L3", "L4"],
      role: "approver",
    });
    const g = await guard(policy, "s1", t);
    const l3 = await held(g, "a");
    expect(await outcomeOf(g, sign(l3.hold, dave))).toBe("approver-not-named");
    expect(await outcomeOf(g, sign(l3.hold, g.t.keys.alice))).toBe("applied");
    expect(await l3.result).toMatchObject({ verdict: "allow", reason: "approved by alice" });
    const l4 = await held(g, "", "git.push", { remote: "origin", refspec: "main" });
    expect(l4.hold.level).toBe("L4");
    expect(await outcomeOf(g, sign(l4.hold, g.t.keys.alice))).toBe("applied");
    expect(await outcomeOf(g, sign(l4.hold, dave))).toBe("approver-not-named");
    expect(g.kernel.openHolds().map((h) => h.holdId)).toEqual([l4.hold.holdId]);
    expect(await outcomeOf(g, sign(l4.hold, g.t.keys.bob))).toBe("applied");
    expect(await l4.result).toMatchObject({ verdict: "allow", reason: "approved by alice, bob" });
  });

  it("4: the hold, its announcement and `holds` carry every input of the action digest", async () => {
    const g = await guard();
    const { hold, result } = await held(g);
    expect(hold).toMatchObject({ session: "s1", tool: "fs.delete", level: "L3", cwd: g.t.workspace });
    expect(hold.policyDigest).toMatch(/^[0-9a-f]{64}$/);
    const [listed] = await listHolds(g.t.home);
    expect(listed).toMatchObject({
      holdId: hold.holdId,
      args: hold.args,
      cwd: hold.cwd,
      policyDigest: hold.policyDigest,
      actionDigest: hold.actionDigest,
    });
    // What is listed is enough to sign (createDecision recomputes the digest from it).
    expect(
      await outcomeOf(
        g,
        createDecision({
          hold: listed!,
          verdict: "approve",
          secretKey: g.t.keys.alice.secretKey,
          approver: "alice",
        }),
      ),
    ).toBe("applied");
    await result;
    // A hold recorded without them (an older log) cannot be signed.
    const { cwd: _c, policyDigest: _p, ...old } = listed!;
    expect(() =>
      createDecision({ hold: old, verdict: "deny", secretKey: g.t.keys.alice.secretKey, approver: "a" }),
    ).toThrow(expect.objectContaining({ code: "hold-incomplete" }));
  });

  it("6: tampered copies arriving first leave the genuine decision spendable; the rebuild spends only verified ids", async () => {
    const g = await guard();
    const { hold, result } = await held(g);
    const genuine = sign(hold, g.t.keys.alice);
    expect(
      await outcomeOf(g, { ...genuine, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    ).toBe("bad-signature");
    expect(await outcomeOf(g, genuine)).toBe("applied");
    expect(await result).toMatchObject({ verdict: "allow" });
    // The log records the forged copy's claimed id apart from spent ids.
    const log: Envelope[] = [];
    for await (const e of readLog(g.t.home.sessionFile("s1"))) log.push(e);
    const rejected = log.find((e) => e.kind === "grant" && value(e, "status") === "rejected")!;
    expect(value(rejected, "decisionIds")).toEqual([]);
    expect(value(rejected, "claimedDecisionId")).toBe(`${genuine.keyId}/${genuine.nonce}`);
    // An older log listed a forged copy's id as used: the rebuild ignores it by its code.
    const state = new SessionState();
    const grant = (body: Record<string, unknown>) =>
      ({
        kind: "grant",
        id: `ev_${dropped++}`,
        parents: [],
        body: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, { value: v }])),
      }) as unknown as Envelope;
    state.feed(grant({ status: "rejected", code: "bad-signature", decisionIds: ["k/forged"] }));
    state.feed(grant({ status: "rejected", code: "hold-not-open", decisionIds: ["k/late"] }));
    state.feed(grant({ status: "approved", decisionIds: ["k/applied"] }));
    expect([...state.usedDecisionIds].sort()).toEqual(["k/applied", "k/late"]);
  });

  it("8: valid JSON with no string session is moved aside as malformed once, and never re-read", async () => {
    const g = await guard();
    const junk: unknown[] = [null, {}, [], 42, "s1", { session: 7 }, { session: null }];
    const names = await Promise.all(junk.map((j) => drop(g, j)));
    for (const name of names) expect(await verdictOf(g, name)).toBe("malformed");
    expect((await readdir(g.t.home.approvalsDir)).filter((n) => n.endsWith(".json"))).toEqual([]);
    await g.kernel.close();
    const observations: Envelope[] = [];
    for await (const e of readLog(g.t.home.sessionFile("s1")))
      if (e.kind === "observation" && value(e, "rejected") === "malformed") observations.push(e);
    expect(observations).toHaveLength(junk.length);
  });
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
