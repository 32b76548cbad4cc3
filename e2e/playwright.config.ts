import { defineConfig, devices } from "@playwright/test";

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
const port = Number(process.env.E2E_WEB_PORT ?? 3107);

export default defineConfig({
  testDir: "tests",
  fullyParallel: true,
  workers: 2,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  use: { baseURL: `http://localhost:${port}` },
  projects: [{ name: "phone", use: { ...devices["Pixel 7"], launchOptions } }],
  webServer: {
    command: `pnpm --filter @lodestar/web exec next start --port ${port} --hostname localhost`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
