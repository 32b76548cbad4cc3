import { execFileSync } from "node:child_process";
import { copyFile, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createEnvelopeLine, genesisHash } from "@lodestar/envelope";
import { afterEach, describe, expect, it } from "vitest";
import { openKernel, replaySessions } from "../src/index.ts";
import { makeHome, type TestHome } from "./home-fixture.ts";

/**
 * Threat (threats.md): a planted session file must never be read, and must never stop a guard
 * from starting. replaySessions reads each log through readTrustedLog and reports the rest.
 */
const homes: TestHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((t) => rm(t.workspace, { recursive: true, force: true })));
});

async function realSession(t: TestHome, session: string): Promise<void> {
  const kernel = await openKernel({ home: t.home, session, agent: "coder", watchApprovals: false });
  await kernel.recordObservation({ note: "hello" });
  await kernel.close();
}

describe("replaySessions", () => {
  it("reads a guard's closed log whole, and reports every planted file without throwing or blocking", async () => {
    const t = await makeHome();
    homes.push(t);
    await realSession(t, "real");
    const dir = t.home.sessionsDir;
    await copyFile(t.home.sessionFile("real"), t.home.sessionFile("copied"));
    await writeFile(join(dir, "bad name!.ndjson"), "");
    await mkdir(join(dir, "dir.ndjson"));
    await symlink(t.home.sessionFile("real"), join(dir, "link.ndjson"));
    // A FIFO would block a reader that opened it: refused before open.
    execFileSync("mkfifo", [join(dir, "fifo.ndjson")]);
    await writeFile(join(dir, "empty.ndjson"), "");
    await writeFile(join(dir, "junk.ndjson"), "not json\n");

    const read: string[] = [];
    const reports = await replaySessions(t.home, (e) => read.push(`${e.session}:${e.seq}`));
    expect(read.every((r) => r.startsWith("real:"))).toBe(true);
    expect(read.length).toBeGreaterThan(2);
    expect(Object.fromEntries(reports.map((r) => [r.file.slice(dir.length + 1), [r.code, r.read]]))).toEqual({
      "bad name!.ndjson": ["bad-name", 0],
      "copied.ndjson": ["session-mismatch", 0],
      "dir.ndjson": ["not-a-file", 0],
      "empty.ndjson": ["no-checkpoint", 0],
      "fifo.ndjson": ["not-a-file", 0],
      "junk.ndjson": ["malformed", 0],
      "link.ndjson": ["not-a-file", 0],
    });
    for (const r of reports) expect(r.message).toMatch(/^\S.*\.ndjson: not read \(/);
  });

  it("a guard starts beside planted files and reports them", async () => {
    const t = await makeHome();
    homes.push(t);
    execFileSync("mkfifo", [join(t.home.sessionsDir, "fifo.ndjson")]);
    await writeFile(join(t.home.sessionsDir, "junk.ndjson"), "not json\n");
    const warnings: string[] = [];
    const kernel = await openKernel({
      home: t.home,
      session: "s1",
      agent: "coder",
      watchApprovals: false,
      onWarning: (w) => warnings.push(w),
    });
    await kernel.close();
    expect(warnings).toEqual([
      expect.stringMatching(/^fifo\.ndjson: not read \(not-a-file\)/),
      expect.stringMatching(/^junk\.ndjson: not read \(malformed\)/),
    ]);
  });
});

describe("openKernel on its own session's log", () => {
  it("refuses to extend a log planted under the session's name (valid hashes, no operator checkpoint)", async () => {
    const t = await makeHome();
    homes.push(t);
    const { line } = createEnvelopeLine({
      kind: "session.start",
      session: "next",
      seq: 0,
      prev: genesisHash("next"),
      actor: { agent: "coder" },
      sensitivity: "internal",
      body: { mode: { value: "enforce" } },
    });
    await writeFile(t.home.sessionFile("next"), `${line}\n`);
    await expect(
      openKernel({ home: t.home, session: "next", agent: "coder", watchApprovals: false }),
    ).rejects.toMatchObject({
      code: "session-log-untrusted",
      message: expect.stringMatching(/^next\.ndjson: not read \(no-checkpoint\).*lodestar verify next/),
    });
    // An empty file (a writer killed right after creating it) is not refused.
    await writeFile(t.home.sessionFile("empty"), "");
    const kernel = await openKernel({
      home: t.home,
      session: "empty",
      agent: "coder",
      watchApprovals: false,
    });
    await kernel.close();
  });

  it("resumes a log whose tail a killed writer left uncovered, with a warning", async () => {
    const t = await makeHome();
    homes.push(t);
    await realSession(t, "resume");
    const { readLog } = await import("@lodestar/log");
    let last: { seq: number; hash: string } | undefined;
    for await (const e of readLog(t.home.sessionFile("resume"))) last = { seq: e.seq, hash: e.hash };
    const { line } = createEnvelopeLine({
      kind: "observation",
      session: "resume",
      seq: last!.seq + 1,
      prev: last!.hash,
      actor: { agent: "coder" },
      sensitivity: "internal",
      body: { note: { value: "written, then the writer died" } },
    });
    await writeFile(t.home.sessionFile("resume"), `${line}\n`, { flag: "a" });
    await rm(`${t.home.sessionFile("resume")}.head`);
    const warnings: string[] = [];
    const kernel = await openKernel({
      home: t.home,
      session: "resume",
      agent: "coder",
      watchApprovals: false,
      onWarning: (w) => warnings.push(w),
    });
    await kernel.close();
    expect(warnings).toEqual([
      expect.stringMatching(/^resume\.ndjson: read up to seq \d+, the rest not read \(uncovered\)/),
    ]);
  });
});
