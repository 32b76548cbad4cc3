import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/worker", include: ["test/**/*.test.ts"] } });
