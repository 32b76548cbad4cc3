import { expect, test } from "@playwright/test";
import { SEED } from "../fixtures/e2e-env.ts";
import { shoot, signInWithPassword } from "./helpers.ts";

const TOKENS = `/o/${SEED.acme.slug}/p/default/tokens`;
const TOKEN_SHAPE = /^mn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/;

test("an owner creates a token, sees it once, uses it, and revokes it", async ({
  page,
  playwright,
}, testInfo) => {
  const name = `ci runner ${testInfo.testId}-${testInfo.retry}`;
  await signInWithPassword(page, SEED.acme.owner.email);
  await page.goto(TOKENS);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("one-time-secret");
  await expect(secret).toHaveText(TOKEN_SHAPE);
  const token = (await secret.textContent())!.trim();
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  await shoot(page, "05-token-created");

  // The API answers to it, with its own project's sessions only (not the Fleet project's, not
  // another tenant's).
  const api = await playwright.request.newContext({ baseURL: page.url() });
  const listed = await api.get("/api/v1/sessions", { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status()).toBe(200);
  const listing = (await listed.json()) as { sessions: { session: string }[] };
  expect(Array.isArray(listing.sessions)).toBe(true);
  const body = JSON.stringify(listing);
  expect(body).not.toContain(SEED.acme.verifiedSession);
  expect(body).not.toContain(SEED.globex.session);

  // Shown once: after a reload the list has it, the secret is gone.
  await page.reload();
  await expect(page.getByTestId("one-time-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const row = page.locator(`[data-testid="token"][data-name="${name}"]`);
  await expect(row).toHaveAttribute("data-state", "active");
  await expect(row).toContainText("last used 20");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  const refused = await api.get("/api/v1/sessions", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).code).toBe("invalid-token");
  await api.dispose();
});

test("a viewer sees tokens and members but cannot manage them", async ({ page }) => {
  await signInWithPassword(page, SEED.acme.viewer.email);
  await page.goto(TOKENS);
  await expect(page.getByTestId("read-only-notice")).toContainText("viewer");
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  await page.goto(`/o/${SEED.acme.slug}/members`);
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);
  await page.goto(`/o/${SEED.acme.slug}/projects`);
  await expect(page.getByRole("button", { name: "Create project" })).toHaveCount(0);
});
