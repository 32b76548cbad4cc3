import { defineProject } from "vitest/config";

// LODESTAR_SLOW raises property-test iterations 30x, so give those runs room.
export default defineProject({
  test: {
    name: "@lodestar/crypto",
    include: ["test/**/*.test.ts"],
    testTimeout: process.env.LODESTAR_SLOW ? 600_000 : 5_000,
  },
});
