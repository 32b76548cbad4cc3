import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/kernel", include: ["test/**/*.test.ts"] } });
