import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { policyCheck } from "./check.ts";
import { policyExplain } from "./explain.ts";

const USAGE = "lodestar policy check [FILE] | explain --tool T --args JSON [--agent A]";
const sub: Record<string, Command> = { check: policyCheck, explain: policyExplain };

export const run: Command = async (argv, ctx) => {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h") {
    ctx.out(`usage: ${USAGE}`);
    return 0;
  }
  const command = name === undefined ? undefined : sub[name];
  if (command === undefined)
    throw new CliError("usage", `unknown policy subcommand ${JSON.stringify(name ?? "")}\nusage: ${USAGE}`);
  return command(rest, ctx);
};
