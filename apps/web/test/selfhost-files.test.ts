import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseSelfhostArgs } from "../src/selfhost/cli-args.ts";
import { readRunFile, writeRunFile } from "../src/selfhost/run-file.ts";
import { loadOrCreateSecrets } from "../src/selfhost/secrets-file.ts";
import { SelfhostError } from "../src/selfhost/selfhost-error.ts";

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "selfhost-"));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("machinaut arguments", () => {
  it("defaults start to loopback port 3100", () => {
    expect(parseSelfhostArgs(["start"])).toEqual({
      command: "start",
      port: 3100,
      host: "127.0.0.1",
      data: undefined,
    });
  });

  it("takes token create's name, scopes and expiry", () => {
    expect(
      parseSelfhostArgs([
        "token",
        "create",
        "--name",
        " ci ",
        "--scopes",
        "ingest",
        "--expires-in-days",
        "7",
        "--json",
      ]),
    ).toEqual({
      command: "token-create",
      name: "ci",
      scopes: ["ingest"],
      expiresInDays: 7,
      data: undefined,
      json: true,
    });
  });

  it.each([
    [["start", "--port", "0"], /--port must be an integer from 1 to 65535/],
    [["start", "--port", "12x"], /--port must be an integer/],
    [["start", "--name", "x"], /start takes no --name/],
    [["token", "create"], /needs --name/],
    [["token", "create", "--name", "x", "--scopes", "ingest,admin"], /unknown scope "admin"/],
    [["token", "create", "--name", "x", "--port", "1"], /takes no --port/],
    [["stop"], /unknown command "stop"/],
    [["start", "--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with a usage error naming the problem", (argv, message) => {
    let error: unknown;
    try {
      parseSelfhostArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelfhostError);
    expect((error as SelfhostError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
  });
});

describe("the data folder's files", () => {
  it("makes the secrets once (mode 0600) and reads the same ones back", async () => {
    const file = join(await tempDir(), "secrets.json");
    const first = await loadOrCreateSecrets(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecrets(file)).toEqual(first);
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses a damaged secrets file instead of silently replacing it (sessions would all end)", async () => {
    const file = join(await tempDir(), "secrets.json");
    await writeFile(file, "{not json");
    await expect(loadOrCreateSecrets(file)).rejects.toThrow(/not a valid secrets file/);
    expect(await readFile(file, "utf8")).toBe("{not json");
  });

  it("reads a run file only while its process lives", async () => {
    const file = join(await tempDir(), "run.json");
    await writeRunFile(file, { pid: process.pid, port: 4000, appUrl: "postgresql://x@127.0.0.1/y" });
    expect(await readRunFile(file)).toEqual({
      pid: process.pid,
      port: 4000,
      appUrl: "postgresql://x@127.0.0.1/y",
    });
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid!;
    await new Promise((resolve) => child.once("close", resolve));
    await writeRunFile(file, { pid, port: 4000 });
    expect(await readRunFile(file)).toBeUndefined();
    await writeFile(file, "garbage");
    expect(await readRunFile(file)).toBeUndefined();
  });
});
