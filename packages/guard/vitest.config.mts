import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/guard", include: ["test/**/*.test.ts"] } });
