import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/jcs", include: ["test/**/*.test.ts"] } });
