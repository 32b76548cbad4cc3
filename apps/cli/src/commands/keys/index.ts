import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { keysGen } from "./gen.ts";
import { keysList } from "./list.ts";
import { keysPin } from "./pin.ts";
import { keysRevoke } from "./revoke.ts";

const USAGE = "lodestar keys gen|list|pin|revoke …";
const sub: Record<string, Command> = { gen: keysGen, list: keysList, pin: keysPin, revoke: keysRevoke };

export const run: Command = async (argv, ctx) => {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : sub[name];
  if (command === undefined) {
    if (name === "--help" || name === "-h") {
      ctx.out(`usage: ${USAGE}`);
      return 0;
    }
    throw new CliError("usage", `unknown keys subcommand ${JSON.stringify(name ?? "")}\nusage: ${USAGE}`);
  }
  return command(rest, ctx);
};
