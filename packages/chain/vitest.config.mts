import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/chain", include: ["test/**/*.test.ts"] } });
