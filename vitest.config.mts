import { defineConfig } from "vitest/config";

// Every workspace package with a vitest.config.mts is a project; `pnpm test:unit` runs them all.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.mts", "apps/*/vitest.config.mts"],
  },
});
