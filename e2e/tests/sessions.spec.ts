import { expect, test } from "@playwright/test";
import { SEED } from "../fixtures/e2e-env.ts";
import { shoot, signInWithPassword } from "./helpers.ts";

test("the sessions list on a phone marks the verified session", async ({ page }) => {
  await signInWithPassword(page, SEED.acme.owner.email);
  await shoot(page, "02-projects");
  await page.getByRole("link", { name: SEED.acme.fleet.name }).click();
  await page.waitForURL(new RegExp(`/o/${SEED.acme.slug}/p/${SEED.acme.fleet.slug}/sessions$`));
  const verified = page.locator(`[data-testid="session"][data-session="${SEED.acme.verifiedSession}"]`);
  await expect(verified.getByTestId("verification")).toHaveAttribute("data-verified", "true");
  await expect(verified.getByTestId("verification")).toHaveText(/^\W*Verified$/);
  await expect(verified).toContainText("claude-code");
  await expect(verified).toContainText("42");
  const unverified = page.locator(`[data-testid="session"][data-session="${SEED.acme.unverifiedSession}"]`);
  await expect(unverified.getByTestId("verification")).toHaveAttribute("data-verified", "false");
  await expect(unverified.getByTestId("verification")).toContainText("Not verified");
  await expect(page.getByText(SEED.globex.session)).toHaveCount(0);
  // Nothing wider than the phone: no sideways scrolling of the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shoot(page, "03-sessions");
  await page.goto(`/o/${SEED.acme.slug}/settings`);
  await shoot(page, "06-settings");
});

test("at 360 px wide no page scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInWithPassword(page, SEED.acme.owner.email);
  for (const path of [
    `/o/${SEED.acme.slug}/projects`,
    `/o/${SEED.acme.slug}/members`,
    `/o/${SEED.acme.slug}/settings`,
    `/o/${SEED.acme.slug}/p/${SEED.acme.fleet.slug}/sessions`,
    `/o/${SEED.acme.slug}/p/default/tokens`,
  ]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await shoot(page, "09-tokens-360px");
});
