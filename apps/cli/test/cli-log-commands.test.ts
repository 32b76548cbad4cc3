import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startGuarded } from "./support/guarded-client.ts";
import { lodestar, lodestarOk } from "./support/lodestar-cli.ts";
import { makeWorkspace, README, type TestWorkspace } from "./support/test-workspace.ts";

const TOKEN = "sk_live_recorded_secret_token";
/** A sentence of the README: the read's outcome, which the guard records as confidential. */
const READ_TEXT = README.split("\n")[2]!;

/**
 * verify, report and redact on a real session: a guarded run (an allowed read whose outcome is
 * confidential, a denied write) plus a secret observation appended with `lodestar record`.
 */
describe("verify, report and redact on a guarded session", () => {
  const session = "log-cmds";
  let ws: TestWorkspace;
  let deniedSeq: number;

  beforeAll(async () => {
    ws = await makeWorkspace();
    const guard = await startGuarded(ws, { session });
    await callTool(guard.client, "read_text_file", { path: "README.md" });
    const denied = await callTool(guard.client, "write_file", { path: "../out.txt", content: "x" });
    expect(denied.lodestar.verdict).toBe("deny");
    await guard.close();
    await guard.exited;
    const recorded = await lodestarOk(
      [
        "record",
        "observation",
        "--session",
        session,
        "--sensitivity",
        "secret",
        "--json",
        JSON.stringify({ token: TOKEN }),
      ],
      { cwd: ws.dir },
    );
    expect(recorded).toMatch(/^ev_\S+ [0-9a-f]{64}\n$/);
    const lines = (await readFile(ws.sessionFile(session), "utf8")).trimEnd().split("\n");
    const decision = lines
      .map((l) => JSON.parse(l))
      .find((e) => e.kind === "decision" && e.body.verdict.value === "deny");
    deniedSeq = decision.seq;
  });

  afterAll(async () => {
    await ws?.remove();
  });

  it("verify: exit 0 with a summary, and --json with the counts", async () => {
    const [text, json] = await Promise.all([
      lodestar(["verify", session], { cwd: ws.dir }),
      lodestar(["verify", session, "--json"], { cwd: ws.dir }),
    ]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`ok: ${ws.sessionFile(session)}`);
    expect(text.stdout).toContain("signed by a pinned operator key");
    expect(json.status).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({ ok: true, file: ws.sessionFile(session), checkpointSignersTrusted: true });
    expect(result.count).toBeGreaterThan(deniedSeq);
  });

  it("verify of a tampered copy (a deny flipped to allow) exits 1 naming the seq, in text and --json", async () => {
    const tampered = join(ws.dir, "tampered.ndjson");
    const lines = (await readFile(ws.sessionFile(session), "utf8")).split("\n");
    const flipped = lines[deniedSeq]!.replace('"value":"deny"', '"value":"allow"');
    expect(flipped).not.toBe(lines[deniedSeq]);
    lines[deniedSeq] = flipped;
    await writeFile(tampered, lines.join("\n"));
    const [text, json, report] = await Promise.all([
      lodestar(["verify", tampered], { cwd: ws.dir }),
      lodestar(["verify", tampered, "--json"], { cwd: ws.dir }),
      lodestar(["report", tampered], { cwd: ws.dir }),
    ]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`TAMPERED: ${tampered}`);
    expect(text.stdout).toContain(`first bad seq ${deniedSeq} (line ${deniedSeq + 1})`);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, seq: deniedSeq, line: deniedSeq + 1 });
    // The report renders only what precedes the break, and says where it is.
    expect(report.status).toBe(1);
    expect(report.stdout).toContain(`integrity: FAILED — `);
    expect(report.stdout).toContain(`at seq ${deniedSeq}`);
    expect(report.stdout).not.toContain("DENY");
  });

  it("report renders text, Markdown and JSON, showing nothing above `internal` by default", async () => {
    const report = (format: string) => lodestar(["report", session, "--format", format], { cwd: ws.dir });
    const [text, md, json] = await Promise.all([report("text"), report("md"), report("json")]);
    for (const r of [text, md, json]) {
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain(TOKEN);
      expect(r.stdout).not.toContain(READ_TEXT);
    }
    expect(text.stdout).toMatch(/^session log-cmds: \d+ envelopes/);
    expect(text.stdout).toContain("integrity: VERIFIED");
    expect(text.stdout).toContain("decisions: 1 allowed, 1 denied, 0 held");
    expect(text.stdout).toContain("DENY L2 rule outside-workspace-write");
    expect(md.stdout).toMatch(/^# Lodestar session report\n/);
    expect(md.stdout).toContain("## Decisions");
    const parsed = JSON.parse(json.stdout);
    expect(parsed.verification.ok).toBe(true);
    expect(parsed.summary).toMatchObject({ session, verdicts: { allow: 1, deny: 1, hold: 0 }, ended: true });
    expect(parsed.chains).toHaveLength(2);
  });

  it("redact writes a copy without what is above the ceiling, and the copy verifies", async () => {
    const out = join(ws.dir, "redacted.ndjson");
    const redacted = await lodestar(["redact", session, "--ceiling", "internal", "-o", out], { cwd: ws.dir });
    expect(redacted.status).toBe(0);
    // Five parts sit above internal: the read's outcome, the denied write's `content` (in the
    // action's resolved and proposed arguments, raised by the default policy's sensitivity section),
    // that decision's reason (it quotes the call, so it is recorded at the call's raised level), and
    // the secret observation.
    expect(redacted.stdout).toMatch(
      /^wrote .*: \d+ envelopes, 5 parts above internal replaced by their commitments/,
    );
    const original = await readFile(ws.sessionFile(session), "utf8");
    const copy = await readFile(out, "utf8");
    expect(original).toContain(TOKEN);
    expect(original).toContain(READ_TEXT);
    expect(copy).not.toContain(TOKEN);
    expect(copy).not.toContain(READ_TEXT);
    expect(copy.split("\n")).toHaveLength(original.split("\n").length);
    // The copy verifies; a second redact onto the same file is refused unless forced.
    const [verified, again] = await Promise.all([
      lodestar(["verify", out], { cwd: ws.dir }),
      lodestar(["redact", session, "--ceiling", "internal", "-o", out], { cwd: ws.dir }),
    ]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain(`ok: ${out}`);
    expect(again.status).toBe(2);
    expect(again.stderr.trim()).toBe(
      `lodestar redact: ${out} exists (use --force to replace it) [invalid-input]`,
    );
  });

  it("record refuses an envelope the writer would refuse before a new session's file exists", async () => {
    const r = await lodestar(
      ["record", "observation", "--session", "never-started", "--json", "{}", "--parents", "not-an-id"],
      { cwd: ws.dir },
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("lodestar record: invalid id (at /parents/0) [invalid-input]");
    expect(existsSync(ws.sessionFile("never-started"))).toBe(false);
  });

  it("record links --parents only to envelopes of the session, and adds nothing otherwise", async () => {
    const before = (await readFile(ws.sessionFile(session), "utf8")).trimEnd().split("\n");
    const first = JSON.parse(before[0]!) as { id: string };
    const absent = "ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA";
    const refused = await lodestar(
      [
        "record",
        "belief",
        "--session",
        session,
        "--json",
        '{"statement":"x"}',
        "--parents",
        `${first.id},${absent}`,
      ],
      { cwd: ws.dir },
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `lodestar record: --parents: ${absent} is not an envelope of session ${session} [invalid-input]`,
    );
    expect((await readFile(ws.sessionFile(session), "utf8")).trimEnd().split("\n")).toEqual(before);

    const linked = await lodestarOk(
      ["record", "belief", "--session", session, "--json", '{"statement":"x"}', "--parents", first.id],
      { cwd: ws.dir },
    );
    const id = linked.split(" ")[0];
    const after = (await readFile(ws.sessionFile(session), "utf8")).trimEnd().split("\n");
    const recorded = after
      .map((l) => JSON.parse(l) as { id: string; parents: string[] })
      .find((e) => e.id === id);
    expect(recorded?.parents).toEqual([first.id]);
  });
});
