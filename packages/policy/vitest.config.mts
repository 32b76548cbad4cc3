import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/policy", include: ["test/**/*.test.ts"] } });
