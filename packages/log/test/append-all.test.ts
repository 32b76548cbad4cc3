import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@lodestar/crypto";
import { createEnvelopeId } from "@lodestar/envelope";
import { afterEach, describe, expect, it } from "vitest";
import { type AppendInput, type LogWriter, openLogWriter, verifyLog } from "../src/index.ts";

const key = generateKeyPair();
const session = "ses_append_all";
const writers: LogWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close().catch(() => undefined);
});

async function open() {
  const file = join(mkdtempSync(join(tmpdir(), "lodestar-append-all-")), "s.ndjson");
  const writer = await openLogWriter({ file, session, operatorKey: key });
  writers.push(writer);
  return { file, writer };
}

const input = (kind: AppendInput["kind"], extra: Partial<AppendInput> = {}): AppendInput => ({
  kind,
  actor: { agent: "a" },
  sensitivity: "internal",
  body: { note: { value: kind } },
  ...extra,
});

describe("appendAll", () => {
  it("writes a group in order, honours caller ids so a later envelope cites an earlier one", async () => {
    const { file, writer } = await open();
    const actionId = createEnvelopeId();
    const [action, decision] = await writer.appendAll([
      input("action", { id: actionId }),
      input("decision", { parents: [actionId] }),
    ]);
    expect(action).toMatchObject({ id: actionId, seq: 0, kind: "action" });
    expect(decision).toMatchObject({ seq: 1, parents: [actionId], prev: action!.hash });
    await writer.close();
    expect(await verifyLog(file)).toMatchObject({ ok: true, count: 3 });
  });

  it("is all or nothing: an invalid member leaves the chain and the file as they were", async () => {
    const { file, writer } = await open();
    await writer.append(input("observation"));
    const bad = writer.appendAll([input("action"), input("decision", { parents: ["not an id"] })]);
    await expect(bad).rejects.toMatchObject({ code: "invalid-input" });
    const next = await writer.append(input("observation"));
    expect(next.seq).toBe(1);
    await writer.close();
    expect(readFileSync(file, "utf8")).not.toContain('"kind":"action"');
    expect(await verifyLog(file)).toMatchObject({ ok: true });
  });

  it("refuses checkpoints, like append", async () => {
    const { writer } = await open();
    await expect(writer.appendAll([input("checkpoint" as AppendInput["kind"])])).rejects.toMatchObject({
      code: "invalid-input",
    });
  });
});
