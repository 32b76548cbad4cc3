import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const pkg = fileURLToPath(new URL("..", import.meta.url));

it("prisma/schema.prisma is valid for Prisma's own CLI (offline, no engine download)", async () => {
  // The package's own prisma bin, not `pnpm exec`: the test must not depend on pnpm being on PATH.
  const { stdout, stderr } = await run(join(pkg, "node_modules", ".bin", "prisma"), ["validate"], {
    cwd: pkg,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  expect(`${stdout}${stderr}`).toMatch(/is valid/);
}, 60_000);
