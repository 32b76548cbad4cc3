import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lodestar, userEnv } from "./support/lodestar-cli.ts";
import { makeWorkspace, type TestWorkspace } from "./support/test-workspace.ts";

type Where = "workspace" | "bare" | "bad-config";

interface Mistake {
  what: string;
  where: Where;
  args: string[];
  /** Words the single error line must contain: it names the problem. */
  says: string;
  /** Usage mistakes add the command's usage as a second line. */
  usage?: true;
}

const MISTAKES: Mistake[] = [
  {
    what: "verify of a missing file",
    where: "bare",
    args: ["verify", "missing.ndjson"],
    says: "no file missing.ndjson",
  },
  {
    what: "verify without a log",
    where: "workspace",
    args: ["verify"],
    says: "a session name or log file is required",
    usage: true,
  },
  {
    what: "verify with a bad --workers",
    where: "workspace",
    args: ["verify", "s", "--workers", "two"],
    says: "--workers must be a whole number from 0 to 64",
    usage: true,
  },
  {
    what: "report in an unknown format",
    where: "workspace",
    args: ["report", "s", "--format", "pdf"],
    says: "--format is one of text, md, json",
  },
  {
    what: "record with invalid JSON",
    where: "workspace",
    args: ["record", "observation", "--session", "s", "--json", '{"a":1,}'],
    says: "--json is not valid strict JSON at offset 7",
  },
  {
    what: "approve of an unknown hold",
    where: "workspace",
    args: ["approve", "hold_nope", "--key", "alice"],
    says: "no hold hold_nope in",
  },
  {
    what: "deny without --key",
    where: "workspace",
    args: ["deny", "hold_nope"],
    says: "--key is required",
    usage: true,
  },
  { what: "init twice", where: "workspace", args: ["init"], says: "is already a Lodestar folder" },
  {
    what: "keys pin of a malformed key",
    where: "workspace",
    args: ["keys", "pin", "not-a-key", "--name", "bob", "--levels", "L3"],
    says: 'not a base64url Ed25519 public key: "not-a-key"',
  },
  {
    what: "keys pin of a secret key file",
    where: "workspace",
    args: ["keys", "pin", ".lodestar/keys/operator.key", "--name", "bob", "--levels", "L3"],
    says: "holds a secret key: pin the public key only",
  },
  {
    what: "keys gen with an unknown level",
    where: "workspace",
    args: ["keys", "gen", "--name", "x", "--levels", "L9"],
    says: '--levels takes a comma list of L0,L1,L2,L3,L4; got "L9"',
  },
  {
    what: "run without a server",
    where: "workspace",
    args: ["run"],
    says: "give either --url URL or -- COMMAND",
    usage: true,
  },
  {
    what: "run with a path as session name",
    where: "workspace",
    args: ["run", "--session", "../evil", "--", "node"],
    says: 'invalid session name "../evil"',
  },
  {
    what: "an unknown option",
    where: "workspace",
    args: ["holds", "--everything"],
    says: "Unknown option '--everything'",
    usage: true,
  },
  {
    what: "holds outside a Lodestar folder",
    where: "bare",
    args: ["holds"],
    says: "no Lodestar folder found from",
  },
  {
    what: "a broken config.yaml",
    where: "bad-config",
    args: ["holds"],
    says: "config.yaml:27:3: mcp.allowHigh: Invalid input: expected boolean",
  },
];

describe("user mistakes: exit 2, one line naming the problem, never a stack trace", () => {
  const dirs = {} as Record<Where, string>;
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await makeWorkspace({ approver: false });
    dirs.workspace = ws.dir;
    dirs.bare = await realpath(await mkdtemp(join(tmpdir(), "lodestar-bare-")));
    // A Lodestar folder whose config has a wrong type on one line (the template's line 27).
    dirs["bad-config"] = await realpath(await mkdtemp(join(tmpdir(), "lodestar-badcfg-")));
    const config = await readFile(join(ws.home, "config.yaml"), "utf8");
    await mkdir(join(dirs["bad-config"], ".lodestar"));
    await writeFile(
      join(dirs["bad-config"], ".lodestar", "config.yaml"),
      config.replace("allowHigh: false", "allowHigh: nope"),
    );
  });

  afterAll(async () => {
    await ws?.remove();
    await rm(dirs.bare, { recursive: true, force: true });
    await rm(dirs["bad-config"], { recursive: true, force: true });
  });

  it.concurrent.each(MISTAKES)("$what", async ({ where, args, says, usage }) => {
    const r = await lodestar(args, { cwd: dirs[where] });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^lodestar ${args[0]}: `));
    expect(lines[0]).toContain(says);
    if (usage) {
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(new RegExp(`^usage: lodestar ${args[0]} `));
    } else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/ \[[a-z-]+\]$/);
    }
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain("internal error");
  });

  it("a bad environment variable is a usage mistake naming the variable, not a crash", async () => {
    const r = await lodestar(["holds"], {
      cwd: dirs.workspace,
      env: userEnv({ LODESTAR_MCP_ALLOW_HIGH: "yes" }),
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^lodestar: environment variable LODESTAR_MCP_ALLOW_HIGH: .*\[usage\]$/),
    ]);
  });

  it("keys pin of a file with broken JSON names the offset (exit 2, no internal error)", async () => {
    const file = join(dirs.workspace, "broken-key.json");
    await writeFile(file, '{ "publicKey": ');
    const r = await lodestar(["keys", "pin", file, "--name", "bob", "--levels", "L3"], {
      cwd: dirs.workspace,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^lodestar keys: .*broken-key\.json is not valid JSON: .*offset \d+.*\[invalid-input\]\n$/,
    );
  });

  it("policy check of a broken policy exits 1 naming the line and the field", async () => {
    const text = await readFile(ws.policyFile, "utf8");
    const broken = text.replace("fs.read: { risk: LOW,", "fs.read: { risk: EXTREME,");
    expect(broken).not.toBe(text);
    const line = broken.split("\n").findIndex((l) => l.includes("risk: EXTREME")) + 1;
    const file = join(ws.dir, "broken-policy.yaml");
    await writeFile(file, broken);
    const [plain, json] = await Promise.all([
      lodestar(["policy", "check", file], { cwd: ws.dir }),
      lodestar(["policy", "check", file, "--json"], { cwd: ws.dir }),
    ]);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toMatch(
      new RegExp(
        `^invalid: ${file}:${line}:\\d+: field tools\\["fs\\.read"\\]\\.risk: .*\\[invalid-field\\]\\n$`,
      ),
    );
    expect(plain.stderr).toBe("");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ file, ok: false, code: "invalid-field" });
    // The policy `lodestar init` wrote checks clean.
    const good = await lodestar(["policy", "check"], { cwd: ws.dir });
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^ok: .*policy\.yaml\n {2}mode enforce, \d+ tools, \d+ rules/);
  });
});
