import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@lodestar/crypto", include: ["test/**/*.test.ts"] } });
