import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { PASSWORD } from "../fixtures/e2e-env.ts";

/** An email no other test (or retry) uses: derived from the test's id, not from randomness. */
export function uniqueEmail(testInfo: TestInfo, label: string): string {
  return `${label}-${testInfo.testId}-r${testInfo.retry}@example.test`.toLowerCase();
}

export async function signInWithPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/o\/[a-z0-9-]+\/projects$/);
}

/** Hosted sign-up; returns the new organisation's slug. */
export async function signUp(page: Page, email: string, organisation: string): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(organisation.split(" ")[0] ?? "Tester");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Organisation").fill(organisation);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/o\/[a-z0-9-]+\/projects$/);
  const slug = /\/o\/([a-z0-9-]+)\/projects$/.exec(page.url())?.[1];
  expect(slug).toBeTruthy();
  return slug!;
}

/** A full-page screenshot into E2E_SCREENSHOTS_DIR, when set (for looking at the pages, not asserting). */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
