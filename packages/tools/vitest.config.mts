import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/tools", include: ["test/**/*.test.ts"] } });
