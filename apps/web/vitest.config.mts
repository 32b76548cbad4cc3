import { defineProject } from "vitest/config";

// Real Postgres (DATABASE_URL, scripts/services.sh); each test file migrates its own throwaway
// database, so files may run in parallel. Long timeouts: a cold migrate plus real HTTP on 2 cores.
export default defineProject({
  test: {
    name: "@lodestar/web",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
