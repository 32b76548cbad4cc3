// The trust boundary through `lodestar run` (the real CLI, guarding the reference filesystem MCP
// server): every threats.md attack a hostile transport can make on a held call, each asserted by
// the reason code the running guard filed the dropped decision under, and the approver's side
// (`lodestar approve|deny`) refusing to sign what the guard would refuse.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, toBase64Url } from "@lodestar/crypto";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import { type HoldListing, loadHome } from "@lodestar/kernel";
import {
  actionDigest,
  createDecision,
  type SignedDecision,
  signDecision,
  unsignedPart,
} from "@lodestar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropAndWait } from "./support/approvals-folder.ts";
import { callTool, type Guarded, startGuarded } from "./support/guarded-client.ts";
import { holdsCli } from "./support/holds-cli.ts";
import { lodestar, lodestarOk } from "./support/lodestar-cli.ts";
import { partValue, readSession } from "./support/session-log.ts";
import { makeWorkspace, SECRET, shortHolds, type TestWorkspace } from "./support/test-workspace.ts";

// Each `lodestar` run is a process start under tsx (seconds on a busy machine); one test makes ~20.
const SLOW = 300_000;

describe("a held call under attack through `lodestar run`", () => {
  const session = "trust-main";
  let ws: TestWorkspace;
  let guard: Guarded;
  let outside: string;
  let keyFile: (name: string) => string;
  let operatorKeyName: string;
  const stranger = generateKeyPair();
  const low = generateKeyPair();

  const secretOf = async (name: string) => (await readSecretKeyFile(keyFile(name))).secretKey;
  const listed = async (holdId: string): Promise<HoldListing> => {
    const hold = (await holdsCli(ws)).find((h) => h.holdId === holdId);
    if (hold === undefined) throw new Error(`hold ${holdId} is not listed`);
    return hold;
  };
  const signAs = async (hold: HoldListing, secretKey: Uint8Array, verdict: "approve" | "deny" = "approve") =>
    createDecision({ hold, verdict, secretKey, approver: "someone" });
  const cli = (args: string[]) => lodestar(args, { cwd: ws.dir, timeoutMs: 120_000 });
  /** Runs the attacks on a held call; if one fails, denies the hold so the call settles and the failure shows. */
  const whileHeld =
    (attacks: (holdId: string) => Promise<void>) =>
    async (holdId: string): Promise<void> => {
      try {
        await attacks(holdId);
      } catch (error) {
        await cli(["deny", holdId, "--key", "alice", "--reason", "test failed"]);
        throw error;
      }
    };

  beforeAll(async () => {
    ws = await makeWorkspace();
    outside = await mkdtemp(join(tmpdir(), "lodestar-usb-"));
    const home = await loadHome(ws.dir, undefined);
    keyFile = home.keyFile;
    operatorKeyName = home.config.operator.key;
    await lodestarOk(["keys", "gen", "--name", "dave", "--approver", "--levels", "L3,L4"], { cwd: ws.dir });
    await lodestarOk(["keys", "gen", "--name", "erin", "--approver", "--levels", "L3,L4"], { cwd: ws.dir });
    await lodestarOk(["keys", "pin", toBase64Url(low.publicKey), "--name", "low", "--levels", "L1,L2"], {
      cwd: ws.dir,
    });
    // Named approvers for L3: alice and dave. erin is pinned for L3 but not named. Holds last
    // long enough for every attack below on a loaded machine (each CLI run is a process start).
    await ws.editPolicy((p) =>
      p
        .replace("approvers: {}", "approvers: { L3: [alice, dave] }")
        .replace(/holdTtl: \{[^}]*\}/, "holdTtl: { default: 20m }"),
    );
    guard = await startGuarded(ws, { session });
  }, SLOW);

  afterAll(async () => {
    await guard?.close();
    await ws?.remove();
    await rm(outside, { recursive: true, force: true });
  });

  let firstHold: HoldListing;
  let genuineDeny: SignedDecision;

  it(
    "refuses minted, revoked, unnamed, self-signed, flipped and upgraded decisions; the genuine deny still applies",
    async () => {
      const call = await callTool(
        guard.client,
        "read_text_file",
        { path: ".env" },
        whileHeld(async (holdId) => {
          const hold = await listed(holdId);
          firstHold = hold;
          // Finding 4: what `holds` shows is every input of the digest; recomputing it gives the digest.
          expect(hold).toMatchObject({ session, tool: "read_text_file", level: "L3", cwd: ws.dir });
          expect(
            actionDigest({
              session,
              tool: hold.tool,
              args: hold.args as Record<string, unknown>,
              cwd: hold.cwd!,
              level: hold.level,
              policyDigest: hold.policyDigest!,
            }),
          ).toBe(hold.actionDigest);

          // Finding 2: dave signs (to a file: --out), then is revoked while the call is held.
          const daveFile = join(outside, "dave.json");
          expect((await cli(["approve", holdId, "--key", "dave", "--out", daveFile])).status).toBe(0);
          await lodestarOk(["keys", "revoke", "dave"], { cwd: ws.dir });
          // Finding 9: `approve` itself now refuses a revoked key, before signing anything.
          const refused = await cli(["approve", holdId, "--key", "dave"]);
          expect(refused.status).toBe(1);
          expect(refused.stderr).toMatch(/revoked-key/);
          expect(await dropAndWait(ws.home, await readFile(daveFile, "utf8"))).toBe("revoked-key");

          // Minting.
          const { sig: _sig, ...unsigned } = await signAs(hold, await secretOf("alice"));
          expect(await dropAndWait(ws.home, unsigned)).toBe("malformed");
          expect(await dropAndWait(ws.home, await signAs(hold, stranger.secretKey))).toBe("unpinned-key");
          expect(await dropAndWait(ws.home, await signAs(hold, low.secretKey))).toBe(
            "key-not-authorized-for-level",
          );

          // Finding 3 (and 9): erin is pinned for L3 but the policy names alice and dave only.
          const unnamed = await cli(["approve", holdId, "--key", "erin"]);
          expect(unnamed.status).toBe(1);
          expect(unnamed.stderr).toMatch(/approver-not-named/);
          expect(await dropAndWait(ws.home, await signAs(hold, await secretOf("erin")))).toBe(
            "approver-not-named",
          );

          // Self-approval: the operator's own key.
          const self = await cli(["approve", holdId, "--key", operatorKeyName]);
          expect(self.status).toBe(1);
          expect(self.stderr).toMatch(/self-approval/);
          expect(await dropAndWait(ws.home, await signAs(hold, await secretOf(operatorKeyName)))).toBe(
            "self-approval",
          );
          // Finding 7: relabel the operator's pinned entry "approver" while the guard runs (it reads
          // the file at every verification): the key is still the operator's, so still self-approval.
          const pinnedFile = join(ws.home, "pinned-keys.json");
          const pinnedText = await readFile(pinnedFile, "utf8");
          const relabelled = JSON.parse(pinnedText) as { keys: { name: string; role: string }[] };
          for (const k of relabelled.keys) if (k.name === operatorKeyName) k.role = "approver";
          await writeFile(pinnedFile, `${JSON.stringify(relabelled, null, 2)}\n`);
          try {
            expect(await dropAndWait(ws.home, await signAs(hold, await secretOf(operatorKeyName)))).toBe(
              "self-approval",
            );
          } finally {
            await writeFile(pinnedFile, pinnedText);
          }

          // Finding 8: valid JSON with no session to route by is moved aside, not re-read forever.
          expect(await dropAndWait(ws.home, "null")).toBe("malformed");
          expect(await dropAndWait(ws.home, "{}")).toBe("malformed");

          // Flipping and altering in transit; alice's deny comes out of `deny --out -` (stdout only).
          const denied = await cli(["deny", holdId, "--key", "alice", "--reason", "not now", "--out", "-"]);
          expect(denied.status).toBe(0);
          genuineDeny = JSON.parse(denied.stdout) as SignedDecision;
          expect(await dropAndWait(ws.home, { ...genuineDeny, verdict: "approve" })).toBe("bad-signature");
          expect(await dropAndWait(ws.home, { ...genuineDeny, reason: "fine" })).toBe("bad-signature");
          expect(await dropAndWait(ws.home, { ...genuineDeny, approver: "ceo@example.com" })).toBe(
            "bad-signature",
          );

          // Upgrading: alice's own signature over another call's digest, or another level.
          const alice = await secretOf("alice");
          const approval = unsignedPart(await signAs(hold, alice));
          const otherCall = signDecision({ ...approval, actionDigest: "0".repeat(64) }, alice);
          expect(await dropAndWait(ws.home, otherCall)).toBe("action-digest-mismatch");
          expect(
            await dropAndWait(
              ws.home,
              signDecision({ ...approval, nonce: `${approval.nonce}x`, level: "L4" }, alice),
            ),
          ).toBe("level-mismatch");

          // Finding 6: the tampered copies above spent nothing; the genuine deny is applied.
          expect(await dropAndWait(ws.home, genuineDeny)).toBe("applied");
        }),
      );
      expect(call.result.isError).toBe(true);
      expect(call.lodestar).toMatchObject({ verdict: "deny", holdId: call.heldAs });
      expect(String(call.lodestar.reason)).toMatch(/^denied by alice/);
      expect(call.text).not.toContain(SECRET.trim());
    },
    SLOW,
  );

  it(
    "refuses replays: the same deny again, re-targeted at the next hold, a revival, another session's hold",
    async () => {
      const call = await callTool(
        guard.client,
        "read_text_file",
        { path: ".env" },
        whileHeld(async (holdId) => {
          expect(await dropAndWait(ws.home, genuineDeny)).toBe("replayed");
          expect(await dropAndWait(ws.home, { ...genuineDeny, holdId })).toBe("bad-signature");
          // Reviving the denied hold with a fresh approval.
          expect(await dropAndWait(ws.home, await signAs(firstHold, await secretOf("alice")))).toBe(
            "hold-not-open",
          );

          // Another session's hold, its decision re-signed as if it were this session's.
          const other = await startGuarded(ws, { session: "trust-other" });
          try {
            const elsewhere = await callTool(
              other.client,
              "read_text_file",
              { path: ".env" },
              async (otherHold) => {
                const alice = await secretOf("alice");
                const forOther = unsignedPart(await signAs(await listed(otherHold), alice));
                expect(await dropAndWait(ws.home, signDecision({ ...forOther, session }, alice))).toBe(
                  "unknown-hold",
                );
                expect((await cli(["deny", otherHold, "--key", "alice"])).status).toBe(0);
              },
            );
            expect(elsewhere.lodestar).toMatchObject({ verdict: "deny" });
          } finally {
            await other.close();
            await other.exited;
          }

          // The USB-stick path: sign to stdout, carry it, drop it.
          const approved = await cli(["approve", holdId, "--key", "alice", "--out", "-"]);
          expect(approved.status).toBe(0);
          expect(await dropAndWait(ws.home, approved.stdout)).toBe("applied");
        }),
      );
      expect(call.result.isError).not.toBe(true);
      expect(call.lodestar).toMatchObject({ verdict: "allow", holdId: call.heldAs });
      expect(call.text).toBe(SECRET);
    },
    SLOW,
  );

  it(
    "leaves a log that verifies, with every rejection recorded by its reason code",
    async () => {
      await guard.close();
      await guard.exited;
      expect((await cli(["verify", session])).status).toBe(0);
      const log = await readSession(ws.sessionFile(session));
      const grants = log
        .filter((e) => e.kind === "grant")
        .map((g) => partValue(g, "code") ?? partValue(g, "status"));
      expect(grants).toEqual([
        "revoked-key",
        "malformed",
        "unpinned-key",
        "key-not-authorized-for-level",
        "approver-not-named",
        "self-approval",
        "self-approval",
        "bad-signature",
        "bad-signature",
        "bad-signature",
        "action-digest-mismatch",
        "level-mismatch",
        "denied",
        "replayed",
        "bad-signature",
        "hold-not-open",
        "unknown-hold",
        "approved",
      ]);
      const malformed = log.filter(
        (e) => e.kind === "observation" && partValue(e, "rejected") === "malformed",
      );
      expect(malformed).toHaveLength(2);
      expect(log.filter((e) => e.kind === "outcome")).toHaveLength(1);
    },
    SLOW,
  );
});

describe("freeze and revive through `lodestar run`", () => {
  it(
    "a hold nobody answers expires to deny on time; an approval arriving after is hold-not-open",
    async () => {
      const ws = await makeWorkspace();
      try {
        await ws.editPolicy(shortHolds("1s"));
        const guard = await startGuarded(ws, { session: "trust-freeze" });
        try {
          // Freeze: the transport withholds every decision.
          const read = await callTool(guard.client, "read_text_file", { path: ".env" });
          expect(read.lodestar).toMatchObject({ verdict: "deny", holdId: read.heldAs });
          expect(String(read.lodestar.reason)).toMatch(/^hold expired at /);
          // Revive: a decision signed by a pinned approver before the expiry, delivered after it.
          const [hold] = await holdsCli(ws, { all: true });
          const alice = await readSecretKeyFile((await loadHome(ws.dir, undefined)).keyFile("alice"));
          const late = createDecision({
            hold: hold!,
            verdict: "approve",
            secretKey: alice.secretKey,
            approver: "a",
          });
          expect(await dropAndWait(ws.home, late)).toBe("hold-not-open");
        } finally {
          await guard.close();
          await guard.exited;
        }
        const grants = (await readSession(ws.sessionFile("trust-freeze"))).filter((e) => e.kind === "grant");
        expect(grants.map((g) => partValue(g, "code") ?? partValue(g, "status"))).toEqual([
          "expired",
          "hold-not-open",
        ]);
        expect(await holdsCli(ws, { all: true })).toEqual([expect.objectContaining({ status: "expired" })]);
      } finally {
        await ws.remove();
      }
    },
    SLOW,
  );
});
