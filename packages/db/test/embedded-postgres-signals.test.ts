import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../src/index.ts";

// Self-hosted mode runs Postgres as a child of the Machinaut process. SIGTERM/SIGINT must take
// it down with the process; after a SIGKILL (no hook runs) the next start must not be blocked by
// the server left behind.
const child = fileURLToPath(new URL("./support/run-embedded-postgres.ts", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function startChild(dataDir: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, dataDir], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: proc.stdout! }), "line")) as [string];
  expect(JSON.parse(line)).toHaveProperty("port");
  return proc;
}

const postmasterPid = async (dataDir: string) =>
  Number((await readFile(join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it("stops the server when the process gets SIGTERM", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "f-embedded-sig-"));
  dirs.push(dataDir);
  const proc = await startChild(dataDir);
  const pid = await postmasterPid(dataDir);
  expect(isAlive(pid)).toBe(true);
  const exited = once(proc, "exit");
  proc.kill("SIGTERM");
  await exited;
  // The exit hook waited for the postmaster's own exit before the process ended.
  expect(isAlive(pid)).toBe(false);
}, 120_000);

it("starts again on a folder whose previous process was SIGKILLed with its server still running", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "f-embedded-kill-"));
  dirs.push(dataDir);
  const proc = await startChild(dataDir);
  const orphan = await postmasterPid(dataDir);
  const exited = once(proc, "exit");
  proc.kill("SIGKILL");
  await exited;
  expect(isAlive(orphan)).toBe(true); // nothing stopped it
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    expect(isAlive(orphan)).toBe(false);
    expect(await postmasterPid(dataDir)).not.toBe(orphan);
  } finally {
    await server.stop();
  }
}, 120_000);
