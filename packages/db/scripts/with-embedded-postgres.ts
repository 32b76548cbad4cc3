// Runs a command against a throwaway embedded Postgres: `tsx with-embedded-postgres.ts -- CMD…`.
// The command gets DATABASE_URL (the embedded cluster's superuser, which can create the throwaway
// databases the suites make) and DATABASE_APP_URL (machinaut_app), exactly as scripts/services.sh
// gives them for Debian's server, so the same suites run against the self-hosted engine.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../src/embedded-postgres.ts";

const separator = process.argv.indexOf("--");
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  process.stderr.write("usage: with-embedded-postgres -- COMMAND [ARG…]\n");
  process.exit(2);
}
const dataDir = await mkdtemp(join(tmpdir(), "embedded-suite-"));
let status = 1;
const pg = await startEmbeddedPostgres({ dataDir });
try {
  const { superuserPassword } = JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8")) as {
    superuserPassword: string;
  };
  const env = {
    ...process.env,
    DATABASE_URL: `postgresql://postgres:${encodeURIComponent(superuserPassword)}@127.0.0.1:${pg.port}/postgres`,
    DATABASE_APP_URL: pg.appUrl,
  };
  process.stderr.write(`embedded Postgres on 127.0.0.1:${pg.port} (${dataDir})\n`);
  status = await new Promise<number>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env, stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
  });
} finally {
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(status);
