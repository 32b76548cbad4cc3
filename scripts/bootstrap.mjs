#!/usr/bin/env node
// The README's two commands on a machine with only Node and npm: `npm run demo` and `npm test`.
// Gets the pinned pnpm (through npx, never a global install), installs the workspace from the
// lockfile, then runs the demo or the whole test suite (starting the services the tests need).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  const r = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (r.status === 0 && r.stdout.trim() === pinned) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pinned}`]];
}

const [pnpmBin, pnpmPre] = pnpmCommand();
const pnpm = (args, opts) => run(pnpmBin, [...pnpmPre, ...args], opts);
const must = (status, what) => {
  if (status !== 0) {
    console.error(`\n${what} failed (exit ${status})`);
    process.exit(status);
  }
};

const task = process.argv[2];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
must(pnpm(["install", "--frozen-lockfile", "--reporter=silent"], { env }), "pnpm install");

if (task === "demo") {
  must(
    pnpm(["--filter", "@lodestar/cli", "build"], { env, stdio: ["inherit", "ignore", "inherit"] }),
    "build",
  );
  process.exit(
    run(process.execPath, [join(root, "apps/cli/dist/lodestar.js"), "demo", ...process.argv.slice(3)], {
      env,
    }),
  );
}

if (task === "machinaut") {
  // Self-hosted Machinaut: the generated Prisma client is not committed, so make it first.
  must(
    pnpm(["--filter", "@lodestar/db", "generate"], { env, stdio: ["inherit", "ignore", "inherit"] }),
    "prisma generate",
  );
  process.exit(
    run(process.execPath, [join(root, "apps/web/bin/machinaut.mjs"), ...process.argv.slice(3)], { env }),
  );
}

if (task === "test") {
  const services = spawnSync("bash", [join(root, "scripts/services.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  must(services.status ?? 1, "starting test services");
  for (const line of services.stdout.split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m && env[m[1]] === undefined) env[m[1]] = m[2];
  }
  const results = join(root, ".test-results");
  mkdirSync(results, { recursive: true });
  must(pnpm(["build"], { env }), "build");
  const unit = pnpm(
    [
      "exec",
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(results, "vitest.json")}`,
    ],
    { env },
  );
  // The suites that touch a database again, against the self-hosted engine: a throwaway embedded
  // Postgres with the same DATABASE_URL/DATABASE_APP_URL contract as services.sh.
  const embedded = run(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "packages/db/scripts/with-embedded-postgres.ts"),
      "--",
      pnpmBin,
      ...pnpmPre,
      "exec",
      "vitest",
      "run",
      "--project",
      "@lodestar/db",
      "--project",
      "@lodestar/web",
      "--project",
      "@lodestar/worker",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(results, "vitest-embedded.json")}`,
    ],
    { env },
  );
  const e2e = pnpm(["test:e2e"], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, "e2e.json") } });
  process.exit(
    run(process.execPath, [join(root, "scripts/test-summary.mjs"), results]) || unit || embedded || e2e,
  );
}

console.error("usage: node scripts/bootstrap.mjs demo|test|machinaut");
process.exit(2);
