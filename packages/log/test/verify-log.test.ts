import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, keyIdOf } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import { createEnvelopeLine, genesisHash } from "@lodestar/envelope";
import { canonicalize } from "@lodestar/jcs";
import { describe, expect, it } from "vitest";
import { checkpointBody, signCheckpoint, verifyEnvelopes, verifyLog } from "../src/index.ts";
import { buildLog, chunked, DANGLING_ID } from "./support/build-log.ts";

const log = buildLog({ count: 12, checkpointEvery: 5 });
const text = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(""));
const verifyLines = (lines: string[], options = {}) => verifyLog(chunked(text(lines)), options);

describe("verifyLog", () => {
  it("reports an intact log with its head and checkpoints", async () => {
    const result = await verifyLog(chunked(log.bytes));
    expect(result).toEqual({
      ok: true,
      session: "ses_test",
      count: 14,
      head: log.head,
      checkpoints: 2,
      lastCheckpointSeq: 11,
      checkpointKeyIds: [keyIdOf(log.key.publicKey)],
      checkpointSignersTrusted: false,
      headFile: "not-checked",
      // Two content envelopes follow the last checkpoint (seq 11, covering seq 10).
      coverage: "uncovered",
      coveredSeq: 10,
    });
  });

  it("marks checkpoint signers trusted only when trustedKeys vouches for them", async () => {
    const trusted = await verifyLog(chunked(log.bytes), {
      trustedKeys: (id) => (id === keyIdOf(log.key.publicKey) ? log.key.publicKey : undefined),
    });
    expect(trusted).toMatchObject({ ok: true, checkpointSignersTrusted: true });
    const stranger = generateKeyPair();
    const untrusted = await verifyLog(chunked(log.bytes), {
      trustedKeys: (id) => (id === keyIdOf(stranger.publicKey) ? stranger.publicKey : undefined),
    });
    expect(untrusted).toMatchObject({ ok: false, code: "untrusted-checkpoint-key", seq: 5, line: 6 });
  });

  it("verifies the same however the bytes are chunked", async () => {
    for (const sizes of [[1], [7, 3, 1000], [log.bytes.length]]) {
      expect(await verifyLog(chunked(log.bytes, sizes))).toMatchObject({ ok: true, count: 14 });
    }
  });

  it("accepts an empty log, and reports it truncated when a head is known", async () => {
    expect(await verifyLog(chunked(Buffer.alloc(0)))).toMatchObject({ ok: true, count: 0, head: undefined });
    expect(
      await verifyLog(chunked(Buffer.alloc(0)), { knownHead: { seq: 0, hash: log.envelopes[0]!.hash } }),
    ).toMatchObject({
      ok: false,
      code: "truncated-below-checkpoint",
      seq: 0,
    });
  });

  it.each([
    ["malformed (not JSON)", (l: string[]) => l.with(3, "{not json"), "malformed", 3],
    ["malformed (blank line)", (l: string[]) => l.toSpliced(3, 0, ""), "malformed", 3],
    ["non-canonical", (l: string[]) => l.with(3, l[3]!.replace('"v":1}', '"v":1 }')), "non-canonical", 3],
    ["bad-hash", (l: string[]) => l.with(3, l[3]!.replace("entry 3", "entry 9")), "bad-hash", 3],
    ["gap", (l: string[]) => l.toSpliced(3, 1), "gap", 3],
    ["reorder (swap)", (l: string[]) => l.with(3, l[4]!).with(4, l[3]!), "reorder", 3],
    ["reorder (replayed line)", (l: string[]) => l.toSpliced(4, 0, l[1]!), "reorder", 4],
  ])("reports %s at the first bad seq", async (_name, mutate, code, seq) => {
    expect(await verifyLines(mutate(log.lines))).toMatchObject({ ok: false, code, seq, line: seq + 1 });
  });

  it("reports bad-link for an intact envelope that does not chain", async () => {
    const { line } = createEnvelopeLine({
      session: log.session,
      seq: 3,
      prev: "ab".repeat(32),
      kind: "observation",
      actor: { agent: "x" },
      sensitivity: "public",
      body: {},
    });
    expect(await verifyLines(log.lines.with(3, line))).toMatchObject({ ok: false, code: "bad-link", seq: 3 });
    // The first envelope must link to the session's genesis value.
    const first = createEnvelopeLine({
      session: log.session,
      seq: 0,
      prev: genesisHash("other"),
      kind: "session.start",
      actor: { agent: "x" },
      sensitivity: "public",
      body: {},
    });
    expect(await verifyLines([first.line])).toMatchObject({ ok: false, code: "bad-link", seq: 0 });
  });

  it("reports dangling-parent for a link to an id the log has not had yet, or never has", async () => {
    const dangling = buildLog({ count: 9, checkpointEvery: 5, danglingAt: 7 });
    // Content envelope 7 is line 8 (a checkpoint follows envelope 4).
    const expected = { ok: false, code: "dangling-parent", seq: 8, line: 9 };
    expect(await verifyLines(dangling.lines)).toMatchObject({
      ...expected,
      message: `parent ${DANGLING_ID} is not an earlier envelope of this log`,
    });
    expect(verifyEnvelopes(dangling.lines)).toMatchObject(expected);
    // A link forward (to an envelope that comes later) dangles too: parents are earlier envelopes.
    const forward = createEnvelopeLine({
      session: log.session,
      seq: 3,
      prev: log.envelopes[2]!.hash,
      kind: "belief",
      actor: { agent: "x" },
      parents: [log.envelopes[4]!.id],
      sensitivity: "public",
      body: {},
    });
    const lines = log.lines.slice(0, 3).concat(forward.line);
    expect(await verifyLines(lines)).toMatchObject({ ok: false, code: "dangling-parent", seq: 3 });
    // A batch continuing a chain cannot know the ids before it, so it does not check them.
    const after = { seq: 2, hash: log.envelopes[2]!.hash };
    expect(verifyEnvelopes([forward.line], { after, session: log.session })).toMatchObject({ ok: true });
  });

  it("reports session-mismatch for another session's line and for an unexpected session", async () => {
    const other = buildLog({ count: 4, session: "ses_other" });
    expect(await verifyLines(log.lines.with(3, other.lines[3]!))).toMatchObject({
      ok: false,
      code: "session-mismatch",
      seq: 3,
    });
    expect(await verifyLines(log.lines, { session: "ses_other" })).toMatchObject({
      ok: false,
      code: "session-mismatch",
      seq: 0,
    });
  });

  it("reports invalid UTF-8 and over-long lines with their line number", async () => {
    const bytes = text(log.lines);
    const at = bytes.indexOf("entry 2");
    const bad = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at + 2)]);
    expect(await verifyLog(chunked(bad))).toMatchObject({ ok: false, code: "invalid-utf8", seq: 2, line: 3 });
    expect(await verifyLines(log.lines, { maxLineBytes: 400 })).toMatchObject({
      ok: false,
      code: "line-too-long",
      seq: 0,
      line: 1,
    });
  });

  it("reports a 100 MB line without newline as too long, without buffering it", async () => {
    async function* huge() {
      yield text(log.lines.slice(0, 2));
      const mb = Buffer.alloc(1024 * 1024, 0x61);
      for (let i = 0; i < 100; i++) yield mb;
    }
    const before = process.memoryUsage().arrayBuffers;
    const result = await verifyLog(huge());
    expect(result).toMatchObject({ ok: false, code: "line-too-long", seq: 2, line: 3 });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40 * 1024 * 1024);
  });

  it("reports a torn last line (no newline) as malformed at its seq", async () => {
    const bytes = text(log.lines);
    expect(await verifyLog(chunked(bytes.subarray(0, bytes.length - 1)))).toMatchObject({
      ok: false,
      code: "malformed",
      seq: 13,
      line: 14,
    });
  });

  it("reports a checkpoint that claims the wrong seq, session or signer", async () => {
    const last = log.envelopes[4]!;
    const forged = (claim: ReturnType<typeof signCheckpoint>, session = log.session) =>
      createEnvelopeLine({
        session,
        seq: 5,
        prev: last.hash,
        kind: "checkpoint",
        actor: { agent: "lodestar.log" },
        sensitivity: "public",
        body: checkpointBody(claim),
      }).line;
    const key = createSigner(log.key.secretKey);
    const wrongSeq = signCheckpoint(log.session, { seq: 3, hash: last.hash }, key);
    const otherSession = signCheckpoint("ses_other", { seq: 4, hash: last.hash }, key);
    const good = signCheckpoint(log.session, { seq: 4, hash: last.hash }, key);
    const wrongKeyId = { ...good, keyId: keyIdOf(generateKeyPair().publicKey) };
    const badSignature = {
      ...good,
      signature: signCheckpoint(log.session, { seq: 4, hash: "00".repeat(32) }, key).signature,
    };
    for (const claim of [wrongSeq, { ...otherSession, session: log.session }, wrongKeyId, badSignature]) {
      const result = await verifyLines(log.lines.with(5, forged(claim)).slice(0, 6));
      expect(result).toMatchObject({ ok: false, code: "bad-checkpoint-signature", seq: 5 });
    }
    expect(await verifyLines(log.lines.with(5, forged(good)).slice(0, 6))).toMatchObject({
      ok: true,
      checkpoints: 1,
    });
  });

  it("detects truncation and forks against a known head", async () => {
    const cut = log.lines.slice(0, 9);
    expect(await verifyLines(cut, { knownHead: log.head })).toMatchObject({
      ok: false,
      code: "truncated-below-checkpoint",
      seq: 9,
      line: 10,
    });
    expect(await verifyLines(log.lines, { knownHead: { seq: 7, hash: "00".repeat(32) } })).toMatchObject({
      ok: false,
      code: "fork",
      seq: 7,
    });
    expect(await verifyLines(log.lines, { knownHead: log.head })).toMatchObject({ ok: true });
  });

  it("checks the head file next to a log file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lodestar-verify-"));
    const file = join(dir, "s.ndjson");
    writeFileSync(file, text(log.lines));
    expect(await verifyLog(file)).toMatchObject({ ok: true, headFile: "absent" });
    const claim = signCheckpoint(log.session, log.head, createSigner(log.key.secretKey));
    writeFileSync(`${file}.head`, `${canonicalize({ v: 1, ...claim })}\n`);
    expect(await verifyLog(file)).toMatchObject({ ok: true, headFile: "matched" });
    writeFileSync(file, text(log.lines.slice(0, 10)));
    expect(await verifyLog(file)).toMatchObject({ ok: false, code: "truncated-below-checkpoint", seq: 10 });
    expect(await verifyLog(file, { headFile: false })).toMatchObject({ ok: true });
    writeFileSync(`${file}.head`, `${canonicalize({ v: 1, ...claim, seq: 3 })}\n`);
    expect(await verifyLog(file)).toMatchObject({ ok: false, code: "bad-checkpoint-signature", line: 0 });
    writeFileSync(`${file}.head`, "garbage");
    expect(await verifyLog(file)).toMatchObject({ ok: false, code: "bad-checkpoint-signature", line: 0 });
    writeFileSync(`${file}.head`, " ".repeat(1024 * 1024));
    expect(await verifyLog(file)).toMatchObject({
      ok: false,
      code: "bad-checkpoint-signature",
      message: "head file is too large",
    });
  });
});

describe("verifyEnvelopes", () => {
  it("verifies lines or parsed values with the same rules", () => {
    expect(verifyEnvelopes(log.lines)).toMatchObject({ ok: true, count: 14, head: log.head });
    expect(verifyEnvelopes(log.lines.map((l) => JSON.parse(l)))).toMatchObject({ ok: true, count: 14 });
    expect(verifyEnvelopes(log.lines.toSpliced(6, 1))).toMatchObject({
      ok: false,
      code: "gap",
      seq: 6,
      line: 7,
    });
    const edited = { ...JSON.parse(log.lines[2]!), ts: "2000-01-01T00:00:00.000Z" };
    expect(verifyEnvelopes(log.lines.with(2, edited))).toMatchObject({ ok: false, code: "bad-hash", seq: 2 });
  });

  it("verifies a batch that continues a known chain", () => {
    const after = { seq: 5, hash: log.envelopes[5]!.hash };
    const batch = log.lines.slice(6);
    expect(verifyEnvelopes(batch, { after, session: log.session })).toMatchObject({
      ok: true,
      count: 8,
      head: log.head,
    });
    expect(verifyEnvelopes(batch.slice(1), { after, session: log.session })).toMatchObject({
      ok: false,
      code: "gap",
      seq: 6,
    });
    const forked = { seq: 5, hash: "11".repeat(32) };
    expect(verifyEnvelopes(batch, { after: forked, session: log.session })).toMatchObject({
      ok: false,
      code: "bad-link",
      seq: 6,
    });
  });
});
