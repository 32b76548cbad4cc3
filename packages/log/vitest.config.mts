import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/log", include: ["test/**/*.test.ts"] } });
