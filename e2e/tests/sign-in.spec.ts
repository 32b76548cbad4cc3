import { expect, test } from "@playwright/test";
import { OIDC_USER, PASSWORD, SEED } from "../fixtures/e2e-env.ts";
import { shoot, signInWithPassword, signUp, uniqueEmail } from "./helpers.ts";

test("sign up with a password, sign out, and sign in again", async ({ page }, testInfo) => {
  const email = uniqueEmail(testInfo, "signup");
  const slug = await signUp(page, email, "Sign Up Org");
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Default project" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  await signInWithPassword(page, email);
  expect(page.url()).toContain(`/o/${slug}/projects`);
});

test("a wrong password and an unknown email get the same refusal", async ({ page }) => {
  await page.goto("/sign-in");
  await shoot(page, "01-sign-in");
  for (const email of [SEED.acme.owner.email, "nobody@example.test"]) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(`${PASSWORD}-wrong`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const refusal = page.locator('p[role="alert"]');
    await expect(refusal).toHaveText("Wrong email or password.");
    await expect(refusal).toHaveAttribute("data-code", "invalid-credentials");
  }
  expect(page.url()).toContain("/sign-in");
});

test("sign in with OIDC through a real local provider (pkce + state)", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  // The provider answers at once (no login form); next-auth checks state and the PKCE verifier.
  await page.waitForURL(/\/o\/[a-z0-9-]+\/projects$/);
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("banner")).toContainText(OIDC_USER.name);
});

test("signed out, an organisation page sends you to sign-in and back", async ({ page }) => {
  await page.goto(`/o/${SEED.acme.slug}/members`);
  await page.waitForURL(/\/sign-in\?callbackUrl=/);
  await page.getByLabel("Email", { exact: true }).fill(SEED.acme.owner.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(new RegExp(`/o/${SEED.acme.slug}`));
});
