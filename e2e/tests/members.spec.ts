import { devices, expect, test } from "@playwright/test";
import { BASE_URL, PASSWORD } from "../fixtures/e2e-env.ts";
import { shoot, signUp, uniqueEmail } from "./helpers.ts";

test("invite a member, accept the link, change their role; the last owner stays", async ({
  browser,
  page,
}, testInfo) => {
  const ownerEmail = uniqueEmail(testInfo, "owner");
  const inviteeEmail = uniqueEmail(testInfo, "invitee");
  const org = await signUp(page, ownerEmail, "Inviting Org");

  await page.goto(`/o/${org}/members`);
  await page.getByLabel("Email", { exact: true }).fill(inviteeEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page.getByTestId("one-time-secret").textContent())!.trim();
  expect(link).toMatch(/\/invite\/mi_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
  await shoot(page, "04-members-invited");

  // The invitee, signed out in their own browser, opens the link: sign-in, then "create an
  // account", and sign-up brings them back to the invitation.
  const invitee = await browser.newContext({ ...devices["Pixel 7"], baseURL: BASE_URL });
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await inviteePage.waitForURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
  await inviteePage.getByRole("link", { name: "Create an account" }).click();
  await inviteePage.getByLabel("Your name").fill("Invitee");
  await inviteePage.getByLabel("Email", { exact: true }).fill(inviteeEmail);
  await inviteePage.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await inviteePage.getByLabel("Organisation").fill("Invitee Own Org");
  await inviteePage.getByRole("button", { name: "Create account" }).click();
  await inviteePage.waitForURL(/\/invite\/mi_/);
  await expect(inviteePage.getByRole("heading", { name: "Join Inviting Org" })).toBeVisible();
  await inviteePage.getByRole("button", { name: "Accept and join" }).click();
  await inviteePage.waitForURL(new RegExp(`/o/${org}/projects$`));
  // Spent: the same link is now a 404.
  const again = await inviteePage.goto(link);
  expect(again?.status()).toBe(404);
  await invitee.close();

  await page.reload();
  const member = page.locator(`[data-testid="member"][data-email="${inviteeEmail}"]`);
  await expect(member.getByTestId("role")).toHaveText("viewer");
  await member.getByLabel(`Role of ${inviteeEmail}`).selectOption("admin");
  await member.getByRole("button", { name: "Change role" }).click();
  await expect(member.getByText("Role changed to admin.")).toBeVisible();
  await page.reload();
  await expect(member.getByTestId("role")).toHaveText("admin");

  // The only owner cannot remove themselves.
  const me = page.locator(`[data-testid="member"][data-email="${ownerEmail}"]`);
  await me.getByRole("button", { name: `Remove ${ownerEmail}` }).click();
  await expect(me.locator('p[role="alert"]')).toHaveAttribute("data-code", "last-owner");
  await page.reload();
  await expect(me.getByTestId("role")).toHaveText("owner");
});
