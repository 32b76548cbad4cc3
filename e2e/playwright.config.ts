import { defineConfig, devices } from "@playwright/test";
import {
  AUTH_SECRET,
  appUrl,
  BASE_URL,
  OIDC_CLIENT,
  OIDC_ISSUER,
  OIDC_PORT,
  ownerUrl,
  WEB_PORT,
} from "./fixtures/e2e-env.ts";

// Never a downloaded browser: Debian's chromium (scripts/services.sh installs it). Background
// networking flags keep it from dialling out on a machine with no network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "tests",
  fullyParallel: true,
  workers: 2,
  // Server actions and argon2 share two cores with the browser: generous, never relied on.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  use: { baseURL: BASE_URL },
  projects: [{ name: "phone", use: { ...devices["Pixel 7"], launchOptions } }],
  // Started in this order, each awaited: the fixtures (database + OIDC provider), then the app.
  webServer: [
    {
      command: "node --import tsx fixtures/serve-fixtures.ts",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      stdout: "pipe",
    },
    {
      // The built app (`pnpm build` runs first in `npm test`).
      // Next's own binary from the app's folder: no package manager needed on PATH.
      command: `node node_modules/next/dist/bin/next start --port ${WEB_PORT} --hostname localhost`,
      cwd: "../apps/web",
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        DATABASE_URL: ownerUrl,
        DATABASE_APP_URL: appUrl,
        AUTH_SECRET,
        AUTH_URL: BASE_URL,
        MACHINAUT_MODE: "hosted",
        OIDC_ISSUER,
        OIDC_CLIENT_ID: OIDC_CLIENT.id,
        OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        OIDC_NAME: "Test SSO",
        NEXT_TELEMETRY_DISABLED: "1",
        E2E_OIDC_PORT: String(OIDC_PORT),
      },
    },
  ],
});
