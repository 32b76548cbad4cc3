import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOMAINS, generateKeyPair, keyIdOf, signObject, toBase64Url } from "@lodestar/crypto";
import { createEnvelopeLine, type Envelope, genesisHash, type PartInput } from "@lodestar/envelope";
import { signDecision } from "@lodestar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startGuarded } from "./support/guarded-client.ts";
import { holdsCli } from "./support/holds-cli.ts";
import { lodestar, lodestarOk } from "./support/lodestar-cli.ts";
import { readSession } from "./support/session-log.ts";
import { makeWorkspace, SECRET, shortHolds, type TestWorkspace } from "./support/test-workspace.ts";

/**
 * Threat (threats.md, agent): "plant a forged session log to raise its trust rung or disguise a
 * hold → only verified logs whose tail a pinned operator checkpoint covers are ever read back".
 * Every log here is planted the way an agent with write access to sessions/ would: hand-made
 * envelopes with valid hashes and links, approvals "signed" by a key nobody pinned.
 */

const DAY = 24 * 3600 * 1000;
/** Each test runs the CLI several times (a few seconds each on a loaded 2-core machine). */
const SLOW = 240_000;
const attacker = generateKeyPair();
const attackerKeyId = keyIdOf(attacker.publicKey);
const b64 = (n: number) => toBase64Url(randomBytes(n));
const holdIdOf = () => `hold_${randomBytes(16).toString("hex").slice(0, 26)}`;

/** A chain under construction: valid seq, prev and hashes, continuing from `from` if given. */
function chain(session: string, from?: Envelope) {
  const envelopes: Envelope[] = [];
  const lines: string[] = [];
  let seq = from ? from.seq + 1 : 0;
  let prev = from ? from.hash : genesisHash(session);
  const open = (value: unknown): PartInput => ({ value });
  return {
    envelopes,
    text: () => lines.map((l) => `${l}\n`).join(""),
    push(
      kind: Exclude<Envelope["kind"], never>,
      ts: string,
      body: Record<string, unknown>,
      parents: string[] = [],
      agent = "A",
    ): Envelope {
      const parts: Record<string, PartInput> = {};
      for (const [name, value] of Object.entries(body)) parts[name] = open(value);
      const { envelope, line } = createEnvelopeLine({
        kind,
        session,
        seq,
        prev,
        ts,
        actor: { agent, operator: "test-operator" },
        parents,
        sensitivity: kind === "checkpoint" ? "public" : "internal",
        body: parts,
      });
      envelopes.push(envelope);
      lines.push(line);
      seq++;
      prev = envelope.hash;
      return envelope;
    },
  };
}

/**
 * The evidence of 24 approved reads of secret files over nine days: enough for the default
 * ladder (20 approved outcomes, 95%, 7 days) to promote fs.read from rung 2 to rung 3, where an
 * L3 read of .env runs without a hold. The approvals are signed by an unpinned key.
 */
function forgeApprovals(c: ReturnType<typeof chain>, session: string, start: number, count = 24): void {
  for (let i = 0; i < count; i++) {
    const at = (k: number) => new Date(start + (i * (9 * DAY)) / count + k * 1000).toISOString();
    const holdId = holdIdOf();
    const actionDigest = randomBytes(32).toString("hex");
    const decision = c.push("decision", at(0), {
      verdict: "hold",
      capability: "fs.read",
      level: "L3",
      rule: "secrets-read",
      tool: "read_text_file",
      mode: "enforce",
    });
    const hold = c.push(
      "hold",
      at(1),
      {
        holdId,
        actionDigest,
        tool: "read_text_file",
        args: { path: ".env" },
        level: "L3",
        rule: "secrets-read",
        capability: "fs.read",
        createdAt: at(1),
        expiresAt: at(300),
        quorum: 1,
      },
      [decision.id],
    );
    const signed = signDecision(
      {
        v: 1,
        holdId,
        session,
        actionDigest,
        level: "L3",
        verdict: "approve",
        keyId: attackerKeyId,
        approver: "alice",
        issuedAt: at(2),
        expiresAt: at(200),
        nonce: b64(16),
      },
      attacker.secretKey,
    );
    c.push(
      "grant",
      at(3),
      {
        holdId,
        status: "approved",
        approvers: ["alice"],
        decisionIds: [`${signed.keyId}/${signed.nonce}`],
        decisions: [signed],
      },
      [hold.id],
    );
    c.push("outcome", at(4), { ok: true }, [decision.id]);
  }
}

/** A checkpoint envelope over the chain so far, signed by `key` (the attacker's: not pinned). */
function forgeCheckpoint(c: ReturnType<typeof chain>, session: string, key = attacker): void {
  const last = c.envelopes.at(-1)!;
  const signature = signObject(
    DOMAINS.checkpoint,
    { session, seq: last.seq, hash: last.hash },
    key.secretKey,
  );
  const { seq, hash } = last;
  c.push(
    "checkpoint",
    new Date().toISOString(),
    {
      checkpoint: {
        seq,
        hash,
        keyId: keyIdOf(key.publicKey),
        publicKey: toBase64Url(key.publicKey),
        signature,
      },
    },
    [],
    "lodestar.log",
  );
}

interface LadderJson {
  capabilities: { agent: string; capability: string; rung: number }[];
  warnings: string[];
}

/** `lodestar ladder --json`: agent A's rung for a capability, and what was reported on stderr. */
async function ladderOf(ws: TestWorkspace, capability: string) {
  const r = await lodestar(["ladder", "--json"], { cwd: ws.dir });
  expect(r.status).toBe(0);
  const ladder = JSON.parse(r.stdout) as LadderJson;
  return {
    rung: ladder.capabilities.find((c) => c.agent === "A" && c.capability === capability)?.rung,
    stderr: r.stderr,
    warnings: ladder.warnings,
  };
}

describe("trusted reads: lodestar verify tells covered from uncovered", { timeout: SLOW }, () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await makeWorkspace();
    for (const note of ["one", "two"])
      await lodestarOk(["record", "observation", "--session", "real", "--json", JSON.stringify({ note })], {
        cwd: ws.dir,
      });
  }, SLOW);
  afterAll(async () => {
    await ws?.remove();
  });

  it("exits 0 on a log whose tail a pinned operator checkpoint covers", async () => {
    const r = await lodestar(["verify", "real", "--json"], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      coverage: "covered",
      checkpointSignersTrusted: true,
    });
  });

  it("exits 3 on a log cut on a line boundary with its .head deleted (pinned keys at hand)", async () => {
    const lines = (await readFile(ws.sessionFile("real"), "utf8")).split("\n").filter(Boolean);
    // The last line is the closing checkpoint; the one before it an observation nobody signed over.
    const cut = join(ws.dir, "cut.ndjson");
    await writeFile(cut, `${lines.slice(0, -1).join("\n")}\n`);
    const r = await lodestar(["verify", cut, "--json"], { cwd: ws.dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, coverage: "uncovered" });
    expect(r.status).toBe(3);
    const text = await lodestar(["verify", cut], { cwd: ws.dir });
    expect(text.status).toBe(3);
    expect(text.stdout).toMatch(/^UNCOVERED: /);
  });

  it("exits 3 on a hand-made chain with valid hashes and no checkpoint", async () => {
    const c = chain("handmade");
    c.push("session.start", new Date().toISOString(), { mode: "enforce" });
    c.push("observation", new Date().toISOString(), { note: "all fine" });
    const file = join(ws.dir, "handmade.ndjson");
    await writeFile(file, c.text());
    const r = await lodestar(["verify", file, "--json"], { cwd: ws.dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, coverage: "no-checkpoint" });
    expect(r.status).toBe(3);
  });

  it("checks checkpoints against a pinned-keys file given with --keys, outside any Lodestar folder", async () => {
    const outside = await mkdtemp(join(tmpdir(), "lodestar-no-home-"));
    try {
      const keys = join(ws.home, "pinned-keys.json");
      const pinned = await lodestar(["verify", ws.sessionFile("real"), "--keys", keys, "--json"], {
        cwd: outside,
      });
      expect(JSON.parse(pinned.stdout)).toMatchObject({
        ok: true,
        coverage: "covered",
        checkpointSignersTrusted: true,
      });
      expect(pinned.status).toBe(0);
      // Another operator's pinned keys: the checkpoints are not theirs.
      const other = await makeWorkspace({ approver: false });
      try {
        const foreign = await lodestar(
          ["verify", ws.sessionFile("real"), "--keys", join(other.home, "pinned-keys.json"), "--json"],
          { cwd: outside },
        );
        expect(JSON.parse(foreign.stdout)).toMatchObject({ ok: false, code: "untrusted-checkpoint-key" });
        expect(foreign.status).toBe(1);
      } finally {
        await other.remove();
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("exits 1 when a session's file holds another session's log (a copy)", async () => {
    await copyFile(ws.sessionFile("real"), ws.sessionFile("copy"));
    await copyFile(`${ws.sessionFile("real")}.head`, `${ws.sessionFile("copy")}.head`);
    const r = await lodestar(["verify", "copy", "--json"], { cwd: ws.dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, code: "session-mismatch" });
    expect(r.status).toBe(1);
    await rm(ws.sessionFile("copy"));
    await rm(`${ws.sessionFile("copy")}.head`);
  });
});

describe("trusted reads: a planted log never raises the rung or shows a hold", { timeout: SLOW }, () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await makeWorkspace();
    await ws.editPolicy(shortHolds("1s"));
  }, SLOW);
  afterAll(async () => {
    await ws?.remove();
  });

  it("ignores a hand-made log with forged approvals and no operator checkpoint, and says so", async () => {
    const c = chain("planted");
    c.push("session.start", new Date(Date.now() - 10 * DAY).toISOString(), { mode: "enforce" });
    forgeApprovals(c, "planted", Date.now() - 10 * DAY);
    await writeFile(ws.sessionFile("planted"), c.text());

    // Before: rung 3 for fs.read, so the guard let the agent read .env without asking anyone.
    const ladder = await ladderOf(ws, "fs.read");
    expect(ladder.rung).toBeUndefined();
    expect(ladder.stderr).toMatch(/planted\.ndjson.*not read.*no-checkpoint/);
    expect(ladder.warnings).toEqual([expect.stringMatching(/^planted\.ndjson: not read \(no-checkpoint\)/)]);
    const explained = await lodestarOk(
      ["policy", "explain", "--tool", "read_text_file", "--args", '{"path":".env"}', "--agent", "A"],
      { cwd: ws.dir },
    );
    expect(explained).toMatch(/^HOLD /);
  });

  it("ignores the same log with a checkpoint signed by an unpinned key", async () => {
    const c = chain("planted");
    c.push("session.start", new Date(Date.now() - 10 * DAY).toISOString(), { mode: "enforce" });
    forgeApprovals(c, "planted", Date.now() - 10 * DAY);
    forgeCheckpoint(c, "planted");
    await writeFile(ws.sessionFile("planted"), c.text());
    const ladder = await ladderOf(ws, "fs.read");
    expect(ladder.rung).toBeUndefined();
    expect(ladder.stderr).toMatch(/planted\.ndjson.*not read.*untrusted-checkpoint-key/);
  });

  it("`lodestar run` starts beside the planted log, reports it, and still holds the .env read", async () => {
    const guard = await startGuarded(ws, { session: "live" });
    try {
      const call = await callTool(guard.client, "read_text_file", { path: ".env" });
      expect(call.heldAs).toMatch(/^hold_/);
      expect(call.text).not.toContain(SECRET.trim());
      expect(call.lodestar).toMatchObject({ verdict: "deny" });
      expect(guard.stderr()).toMatch(/planted\.ndjson.*not read/);
    } finally {
      await guard.close();
      await guard.exited;
    }
    const log = await readSession(ws.sessionFile("live"));
    expect(log.filter((e) => e.kind === "outcome")).toEqual([]);
  });

  it("reads a real log only up to its last pinned checkpoint: a forged tail appended to it counts for nothing", async () => {
    const verified = await lodestar(["verify", "live", "--json"], { cwd: ws.dir });
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, coverage: "covered" });
    const real = await readSession(ws.sessionFile("live"));
    const c = chain("live", real.at(-1));
    forgeApprovals(c, "live", Date.now() - 10 * DAY);
    await writeFile(ws.sessionFile("live"), c.text(), { flag: "a" });
    const after = await lodestar(["verify", "live", "--json"], { cwd: ws.dir });
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, coverage: "uncovered" });
    expect(after.status).toBe(3);
    // The real part holds no evidence for fs.read (its hold expired); the forged part is not read.
    const ladder = await ladderOf(ws, "fs.read");
    expect(ladder.rung).toBeUndefined();
    expect(ladder.stderr).toMatch(/live\.ndjson: read up to seq \d+, the rest not read \(uncovered\)/);
    // The real hold (expired, denied) is still listed, once; the forged ones are not.
    const holds = await holdsCli(ws, { all: true });
    expect(holds.map((h) => [h.session, h.status])).toEqual([["live", "expired"]]);
  });

  it("does not list a planted open hold with harmless arguments, nor a copy of a real log twice", async () => {
    const c = chain("decoy");
    const now = Date.now();
    const decision = c.push("decision", new Date(now).toISOString(), {
      verdict: "hold",
      capability: "fs.read",
    });
    c.push(
      "hold",
      new Date(now).toISOString(),
      {
        holdId: holdIdOf(),
        actionDigest: randomBytes(32).toString("hex"),
        tool: "read_text_file",
        args: { path: "README.md" },
        level: "L3",
        rule: "secrets-read",
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + DAY).toISOString(),
        quorum: 1,
      },
      [decision.id],
    );
    await writeFile(ws.sessionFile("decoy"), c.text());
    await copyFile(ws.sessionFile("planted"), ws.sessionFile("planted-copy"));
    await copyFile(ws.sessionFile("live"), ws.sessionFile("live-copy"));
    const holds = await holdsCli(ws, { all: true });
    expect(holds.map((h) => h.session)).toEqual(["live"]);
    const r = await lodestar(["holds", "--all"], { cwd: ws.dir });
    expect(r.stderr).toMatch(/decoy\.ndjson.*no-checkpoint/);
    expect(r.stderr).toMatch(/live-copy\.ndjson.*session-mismatch/);
  });
});
