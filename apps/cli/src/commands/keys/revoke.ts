import { revokeKey } from "@lodestar/crypto/node";
import { loadHome } from "@lodestar/kernel";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE = "lodestar keys revoke NAME [--reason TEXT] [--json]";

export const keysRevoke: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { reason: { type: "string" }, json: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  const name = positionals[0];
  if (name === undefined) throw new CliError("usage", `a key name is required\nusage: ${USAGE}`);
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const entry = await revokeKey(home.pinnedKeysFile, name, values.reason);
  if (values.json) printJson(ctx.out, entry);
  else ctx.out(`revoked ${name} (${entry.keyId}) at ${entry.revokedAt}`);
  return 0;
};
