import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/envelope", include: ["test/**/*.test.ts"] } });
