import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/protocol", include: ["test/**/*.test.ts"] } });
