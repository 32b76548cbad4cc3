import { defineProject } from "vitest/config";

// The tests start real processes (the CLI under tsx, MCP servers from npm): seconds, not millis.
export default defineProject({
  test: {
    name: "@lodestar/cli",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
