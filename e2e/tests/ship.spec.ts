import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { BASE_URL, SEED } from "../fixtures/e2e-env.ts";
import { shoot, signInWithPassword } from "./helpers.ts";

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, "../../apps/cli/dist/lodestar.js");

// The "done when", hosted side: the demo's session, shipped by the real `lodestar ship`
// with a token made in the web app, shows up verified in the sessions list on a phone.
test("lodestar ship of the demo's session appears verified in the list on a phone", async ({
  page,
}, testInfo) => {
  test.skip(!existsSync(CLI), "apps/cli is not built (pnpm build runs first in npm test)");
  test.setTimeout(240_000);
  await signInWithPassword(page, SEED.acme.owner.email);
  await page.goto(`/o/${SEED.acme.slug}/p/default/tokens`);
  await page.getByLabel("Name").fill(`ship e2e ${testInfo.retry}`);
  await page.getByRole("checkbox", { name: /keys/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("one-time-secret").textContent())!.trim();

  await mkdir(testInfo.outputDir, { recursive: true });
  const demo = await run(process.execPath, [CLI, "demo", "--keep"], {
    cwd: testInfo.outputDir,
    timeout: 180_000,
  });
  const workspace = /kept (\S+)/.exec(demo.stdout)?.[1];
  expect(workspace, demo.stdout).toBeTruthy();
  try {
    const env = { ...process.env, LODESTAR_MACHINAUT_URL: BASE_URL, LODESTAR_MACHINAUT_TOKEN: token };
    const shipped = await run(process.execPath, [CLI, "ship", "demo", "--json"], { cwd: workspace, env });
    const result = JSON.parse(shipped.stdout) as { sessions: { session: string; sent: number }[] };
    expect(result.sessions[0]?.session).toBe("demo");
    expect(result.sessions[0]?.sent).toBeGreaterThan(0);
    // Idempotent: a second ship sends nothing.
    const again = JSON.parse(
      (await run(process.execPath, [CLI, "ship", "demo", "--json"], { cwd: workspace, env })).stdout,
    );
    expect(again.sessions[0].sent).toBe(0);
  } finally {
    await rm(join(workspace!), { recursive: true, force: true });
  }

  await page.goto(`/o/${SEED.acme.slug}/p/default/sessions`);
  const shippedSession = page.locator('[data-testid="session"][data-session="demo"]');
  await expect(shippedSession.getByTestId("verification")).toHaveAttribute("data-verified", "true");
  await expect(shippedSession).toContainText("demo-agent");
  await shoot(page, "08-shipped-demo-session");
});
