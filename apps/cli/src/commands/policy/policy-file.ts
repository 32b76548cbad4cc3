import { resolve } from "node:path";
import { findHomeRoot, loadHome } from "@lodestar/kernel";
import { CliError } from "../../cli-error.ts";
import type { CommandContext } from "../../context.ts";

/** FILE if given, else the policy of the Lodestar folder. */
export async function policyFileFor(arg: string | undefined, ctx: CommandContext): Promise<string> {
  if (arg !== undefined) return resolve(ctx.cwd, arg);
  if (findHomeRoot(ctx.cwd, ctx.env.home) === undefined) {
    throw new CliError(
      "not-initialized",
      "no policy FILE given and no Lodestar folder found (run `lodestar init`)",
    );
  }
  return (await loadHome(ctx.cwd, ctx.env.home)).policyFile;
}
