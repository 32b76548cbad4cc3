import { parseEnv } from "./env.ts";
import { main } from "./main.ts";

const status = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: parseEnv(process.env),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = status;
