#!/usr/bin/env node
// `pnpm lodestar …` from the checkout: pnpm runs scripts from the workspace root, so go back to
// the folder the user typed the command in (INIT_CWD) before the CLI looks for its Lodestar folder.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const r = spawnSync(
  process.execPath,
  ["--import", import.meta.resolve("tsx"), join(root, "apps/cli/src/bin.ts"), ...process.argv.slice(2)],
  {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, "--no-warnings=ExperimentalWarning"].filter(Boolean).join(" "),
    },
  },
);
process.exit(r.status ?? 1);
