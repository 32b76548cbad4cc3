import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/queue", include: ["test/**/*.test.ts"] } });
