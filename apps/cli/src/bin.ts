import { describeError } from "./describe-error.ts";
import { parseEnv } from "./env.ts";
import { main } from "./main.ts";

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

let env: ReturnType<typeof parseEnv> | undefined;
try {
  env = parseEnv(process.env);
} catch (error) {
  const { line, exitCode } = describeError(error);
  err(`lodestar: ${line}`);
  process.exitCode = exitCode;
}
if (env !== undefined)
  process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), env, out, err });
