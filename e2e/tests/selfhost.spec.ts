import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { shoot } from "./helpers.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "apps/cli/dist/lodestar.js");
const MACHINAUT = join(ROOT, "apps/web/bin/machinaut.mjs");
const PORT = Number(process.env.E2E_SELFHOST_PORT ?? 3109);
const URL = `http://127.0.0.1:${PORT}`;

// The "done when", self-hosted side: `machinaut start` on embedded Postgres (no
// DATABASE_URL, no REDIS_URL), `machinaut token create`, `lodestar ship` of the demo's session,
// and the session in the web list on a phone, verified — every part the real one.
test("self-hosted: start, token create, ship the demo, see it verified on a phone", async ({
  page,
}, testInfo) => {
  test.skip(!existsSync(CLI), "apps/cli is not built (pnpm build runs first in npm test)");
  test.setTimeout(300_000);
  const data = await mkdtemp(join(tmpdir(), "machinaut-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "DATABASE_APP_URL", "REDIS_URL", "AUTH_SECRET", "AUTH_URL"])
    delete env[name];
  let server: ChildProcess | undefined;
  let workspace: string | undefined;
  try {
    server = spawn(process.execPath, [MACHINAUT, "start", "--port", String(PORT), "--data", data], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    await new Promise<void>((resolveStarted, reject) => {
      server!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(`Machinaut listening on ${URL}`)) resolveStarted();
      });
      server!.once("close", (code) => reject(new Error(`machinaut start exited ${code}:\n${out}`)));
    });
    const credentials = /Operator account: (\S+) \/ (\S+)/.exec(out);
    expect(credentials, out).not.toBeNull();

    const token = JSON.parse(
      (
        await run(
          process.execPath,
          [MACHINAUT, "token", "create", "--data", data, "--name", "e2e", "--json"],
          { env },
        )
      ).stdout,
    ).token as string;
    expect(token).toMatch(/^mn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);

    const demo = await run(process.execPath, [CLI, "demo", "--keep"], { cwd: data, env, timeout: 180_000 });
    workspace = /kept (\S+)/.exec(demo.stdout)?.[1];
    expect(workspace, demo.stdout).toBeTruthy();
    const shipEnv = { ...env, LODESTAR_MACHINAUT_URL: URL, LODESTAR_MACHINAUT_TOKEN: token };
    const shipped = JSON.parse(
      (await run(process.execPath, [CLI, "ship", "demo", "--json"], { cwd: workspace, env: shipEnv })).stdout,
    ) as { sessions: { session: string; sent: number; headSeq: number }[] };
    expect(shipped.sessions).toHaveLength(1);
    expect(shipped.sessions[0]!.sent).toBe(shipped.sessions[0]!.headSeq + 1);

    // The API with the same token lists it verified …
    const listed = await (
      await fetch(`${URL}/api/v1/sessions`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(listed.sessions).toEqual([
      expect.objectContaining({ session: "demo", verified: true, envelopes: shipped.sessions[0]!.sent }),
    ]);

    // … and so does the web list, signed in as the operator on a phone.
    await page.goto(`${URL}/sign-in`);
    await page.getByLabel("Email", { exact: true }).fill(credentials![1]!);
    await page.getByLabel("Password", { exact: true }).fill(credentials![2]!);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/o\/[a-z0-9-]+\/projects$/);
    const org = /\/o\/([a-z0-9-]+)\/projects$/.exec(page.url())![1];
    await page.goto(`${URL}/o/${org}/p/default/sessions`);
    const row = page.locator('[data-testid="session"][data-session="demo"]');
    await expect(row.getByTestId("verification")).toHaveAttribute("data-verified", "true");
    await expect(row).toContainText("demo-agent");
    await shoot(page, "selfhost-sessions");
  } finally {
    if (server?.exitCode === null) {
      const closed = new Promise((r) => server!.once("close", r));
      server.kill("SIGTERM");
      await closed;
    }
    if (workspace) await rm(workspace, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
    testInfo.annotations.push({ type: "data", description: data });
  }
});
