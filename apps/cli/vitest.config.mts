import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/cli", include: ["test/**/*.test.ts"] } });
