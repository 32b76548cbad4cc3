import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, keyIdOf } from "@lodestar/crypto";
import { parseEnvelopeLine, redactEnvelope, serializeEnvelope } from "@lodestar/envelope";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AppendInput,
  type LogWriter,
  openLogWriter,
  readHeadFile,
  readLog,
  verifyLog,
} from "../src/index.ts";

const key = generateKeyPair();
const session = "ses_writer";
const writers: LogWriter[] = [];

function tempLog(): string {
  return join(mkdtempSync(join(tmpdir(), "lodestar-writer-")), "session.ndjson");
}

async function open(file: string, options: Partial<Parameters<typeof openLogWriter>[0]> = {}) {
  const writer = await openLogWriter({ file, session, operatorKey: key, ...options });
  writers.push(writer);
  return writer;
}

const observation = (i: number): AppendInput => ({
  kind: "observation",
  actor: { agent: "agent-1" },
  sensitivity: "internal",
  body: { text: { value: `observation ${i}` }, secret: { s: "secret", value: `token-${i}` } },
});

const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean);

afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close().catch(() => undefined);
});

describe("openLogWriter / append", () => {
  it("appends a verifiable chain and resolves with each envelope", async () => {
    const file = tempLog();
    const writer = await open(file);
    const first = await writer.append({ ...observation(0), kind: "session.start" });
    const second = await writer.append({ ...observation(1), parents: [first.id] });
    expect(first).toMatchObject({ seq: 0, session, kind: "session.start" });
    expect(second).toMatchObject({ seq: 1, prev: first.hash, parents: [first.id] });
    expect(writer.head).toEqual({ seq: 1, hash: second.hash });
    await writer.close();
    const result = await verifyLog(file, {
      trustedKeys: (id) => (id === keyIdOf(key.publicKey) ? key.publicKey : undefined),
    });
    expect(result).toMatchObject({
      ok: true,
      count: 3,
      checkpoints: 1,
      lastCheckpointSeq: 2,
      checkpointSignersTrusted: true,
      headFile: "matched",
    });
    const read: string[] = [];
    for await (const envelope of readLog(file)) read.push(envelope.kind);
    expect(read).toEqual(["session.start", "observation", "checkpoint"]);
  });

  it("writes concurrent appends in call order with contiguous seqs", async () => {
    const file = tempLog();
    const writer = await open(file, { checkpoint: { everyEnvelopes: 1_000_000 } });
    const envelopes = await Promise.all(Array.from({ length: 500 }, (_, i) => writer.append(observation(i))));
    expect(envelopes.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    await writer.close();
    expect(
      lines(file)
        .slice(0, 500)
        .map((l) => JSON.parse(l).seq),
    ).toEqual(envelopes.map((e) => e.seq));
    expect(await verifyLog(file)).toMatchObject({ ok: true, count: 501 });
  });

  it("checkpoints every N envelopes and every T ms, and updates the head file", async () => {
    const file = tempLog();
    const writer = await open(file, { checkpoint: { everyEnvelopes: 4, everyMs: 60_000 } });
    for (let i = 0; i < 9; i++) await writer.append(observation(i));
    await writer.checkpoint();
    const kinds = lines(file).map((l) => JSON.parse(l).kind);
    expect(kinds.filter((k) => k === "checkpoint")).toHaveLength(3);
    expect(kinds.indexOf("checkpoint")).toBe(4);
    const head = await readHeadFile(file);
    expect(head).toMatchObject({ state: "present", claim: { session, seq: kinds.length - 2 } });
    await writer.close();

    const timed = tempLog();
    const timedWriter = await open(timed, { checkpoint: { everyEnvelopes: 1000, everyMs: 20 } });
    await timedWriter.append(observation(0));
    await new Promise((r) => setTimeout(r, 150));
    expect(lines(timed).map((l) => JSON.parse(l).kind)).toEqual(["observation", "checkpoint"]);
    expect(await readHeadFile(timed)).toMatchObject({ state: "present", claim: { seq: 0 } });
  });

  it("resumes an existing log after close, continuing seq and chain", async () => {
    const file = tempLog();
    const a = await open(file);
    await a.append(observation(0));
    await a.close();
    const b = await open(file);
    const next = await b.append(observation(1));
    expect(next.seq).toBe(2);
    await b.close();
    expect(await verifyLog(file)).toMatchObject({ ok: true, count: 4, checkpoints: 2 });
  });

  it("rejects invalid input without consuming a seq", async () => {
    const writer = await open(tempLog(), { maxLineBytes: 2000 });
    await expect(
      writer.append({ ...observation(0), kind: "checkpoint" } as unknown as AppendInput),
    ).rejects.toMatchObject({ code: "invalid-input" });
    await expect(
      writer.append({ ...observation(0), body: JSON.parse('{"__proto__":{"value":1}}') }),
    ).rejects.toMatchObject({ code: "invalid-input" });
    await expect(
      writer.append({ ...observation(0), body: { x: { value: Number.NaN } } }),
    ).rejects.toMatchObject({ code: "invalid-input" });
    await expect(
      writer.append({ ...observation(0), body: { x: { value: "y".repeat(3000) } } }),
    ).rejects.toMatchObject({ code: "invalid-input" });
    expect((await writer.append(observation(1))).seq).toBe(0);
  });

  it("rejects appends after close", async () => {
    const writer = await open(tempLog());
    await writer.close();
    expect(writer.state).toBe("closed");
    await expect(writer.append(observation(0))).rejects.toMatchObject({ code: "closed" });
  });

  it("keeps a redacted copy of its log verifiable", async () => {
    const file = tempLog();
    const writer = await open(file, { checkpoint: { everyEnvelopes: 3 } });
    for (let i = 0; i < 10; i++) await writer.append(observation(i));
    await writer.close();
    const redacted = lines(file).map((l) =>
      serializeEnvelope(redactEnvelope(parseEnvelopeLine(l), "internal")),
    );
    const copy = tempLog();
    writeFileSync(copy, redacted.map((l) => `${l}\n`).join(""));
    expect(readFileSync(copy, "utf8")).not.toContain("token-");
    const original = await verifyLog(file);
    expect(await verifyLog(copy)).toMatchObject({ ok: true, head: original.ok ? original.head : undefined });
  });
});

describe("single writer lock", () => {
  it("refuses a second writer while the first holds the lock", async () => {
    const file = tempLog();
    await open(file);
    await expect(openLogWriter({ file, session, operatorKey: key })).rejects.toMatchObject({
      code: "locked",
    });
  });

  it("releases the lock on close", async () => {
    const file = tempLog();
    const writer = await open(file);
    await writer.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    await open(file);
  });

  it("takes over a lock left by a dead process", async () => {
    const file = tempLog();
    // A pid that existed and is now gone: a child that already exited.
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: dead, host: (await import("node:os")).hostname(), token: "x" }),
    );
    const writer = await open(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8")).pid).toBe(process.pid);
    await writer.append(observation(0));
  });

  it("treats an unreadable lock as held", async () => {
    const file = tempLog();
    writeFileSync(`${file}.lock`, "");
    await expect(openLogWriter({ file, session, operatorKey: key })).rejects.toMatchObject({
      code: "locked",
    });
  });
});

describe("recovery and refusal on open", () => {
  async function written(count: number) {
    const file = tempLog();
    const writer = await open(file, { checkpoint: { everyEnvelopes: 1000 } });
    for (let i = 0; i < count; i++) await writer.append(observation(i));
    await writer.close();
    return file;
  }

  it("sets a torn last line aside in .torn and truncates to the last newline", async () => {
    const file = await written(3);
    const before = readFileSync(file);
    appendFileSync(file, '{"actor":{"agent":"a"},"bo');
    const writer = await open(file);
    expect(readFileSync(file)).toEqual(before);
    const torn = JSON.parse(readFileSync(`${file}.torn`, "utf8").trim());
    expect(Buffer.from(torn.base64, "base64").toString()).toBe('{"actor":{"agent":"a"},"bo');
    expect(torn).toMatchObject({ offset: before.length, length: 26 });
    expect((await writer.append(observation(9))).seq).toBe(4);
    await writer.close();
    expect(await verifyLog(file)).toMatchObject({ ok: true });
  });

  it("sets aside a complete last line that is not JSON (zero-filled blocks)", async () => {
    const file = await written(2);
    appendFileSync(file, Buffer.concat([Buffer.alloc(100), Buffer.from("\n")]));
    const writer = await open(file);
    expect(JSON.parse(readFileSync(`${file}.torn`, "utf8")).length).toBe(101);
    await writer.close();
    expect(await verifyLog(file)).toMatchObject({ ok: true });
  });

  it("keeps every torn tail across repeated recoveries", async () => {
    const file = await written(1);
    for (const tail of ["abc", "def"]) {
      appendFileSync(file, tail);
      const writer = await open(file);
      await writer.close();
    }
    const records = readFileSync(`${file}.torn`, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records.map((r) => Buffer.from(r.base64, "base64").toString())).toEqual(["abc", "def"]);
  });

  it("refuses to extend a log whose chain does not verify", async () => {
    const file = await written(4);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("observation 1", "observation X"));
    await expect(openLogWriter({ file, session, operatorKey: key })).rejects.toMatchObject({
      code: "chain-broken",
    });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("refuses a complete last line that is JSON but not a valid envelope (tampering, not a torn write)", async () => {
    const file = await written(2);
    appendFileSync(file, '{"v":1}\n');
    await expect(openLogWriter({ file, session, operatorKey: key })).rejects.toMatchObject({
      code: "chain-broken",
    });
    expect(existsSync(`${file}.torn`)).toBe(false);
  });

  it("refuses a log truncated below its head file", async () => {
    const file = await written(4);
    const kept = lines(file).slice(0, 2);
    writeFileSync(file, kept.map((l) => `${l}\n`).join(""));
    await expect(openLogWriter({ file, session, operatorKey: key })).rejects.toMatchObject({
      code: "chain-broken",
    });
  });

  it("refuses another session's log", async () => {
    const file = await written(1);
    await expect(openLogWriter({ file, session: "ses_other", operatorKey: key })).rejects.toMatchObject({
      code: "session-mismatch",
    });
  });

  it("refuses a tail without newline longer than any line", async () => {
    const file = tempLog();
    writeFileSync(file, "x".repeat(5000));
    await expect(
      openLogWriter({ file, session, operatorKey: key, maxLineBytes: 1000 }),
    ).rejects.toMatchObject({ code: "tail-unrecoverable" });
    truncateSync(file, 10);
    const writer = await open(file, { maxLineBytes: 1000 });
    expect(writer.head).toBeUndefined();
  });

  it("rejects bad options before touching the disk", async () => {
    const file = tempLog();
    await expect(openLogWriter({ file, session: "bad session!", operatorKey: key })).rejects.toMatchObject({
      code: "invalid-options",
    });
    await expect(
      openLogWriter({ file, session, operatorKey: { secretKey: new Uint8Array(3) } }),
    ).rejects.toMatchObject({ code: "invalid-options" });
    await expect(
      openLogWriter({ file, session, operatorKey: key, checkpoint: { everyEnvelopes: 0 } }),
    ).rejects.toMatchObject({ code: "invalid-options" });
    await expect(openLogWriter({ file, session, operatorKey: key, inlineIoBytes: -1 })).rejects.toMatchObject(
      { code: "invalid-options", message: /inlineIoBytes/ },
    );
    expect(existsSync(file)).toBe(false);
  });
});
