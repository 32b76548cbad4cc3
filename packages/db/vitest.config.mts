import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/db", include: ["test/**/*.test.ts"] } });
