import { chmod, mkdir, stat } from "node:fs/promises";
import { generateKeyPair, keyIdOf, toBase64Url } from "@lodestar/crypto";
import { pinKey, writeSecretKeyFile } from "@lodestar/crypto/node";
import { loadHome } from "@lodestar/kernel";
import { parseCommandArgs, printJson, requireString } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { isWithin } from "../init/within.ts";
import { parseLevels } from "./levels.ts";

const USAGE = "lodestar keys gen --name NAME [--approver [--levels L3,L4]] [--json]";

export const keysGen: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      name: { type: "string" },
      approver: { type: "boolean" },
      levels: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const name = requireString(values.name, "--name", USAGE);
  const levels = parseLevels(values.levels ?? "L3,L4");
  const home = await loadHome(ctx.cwd, ctx.env.home);
  if (name === home.config.operator.key)
    throw new CliError("usage", `${name} is the operator (checkpoint) key's name; choose another`);
  // The guard protects the store config.yaml names; a key written anywhere else is not covered.
  if (ctx.env.keyStore !== undefined && ctx.env.keyStore !== home.keyStore) {
    throw new CliError(
      "config",
      `LODESTAR_KEY_STORE is ${ctx.env.keyStore} but ${home.configFile} has keyStore ${home.keyStore}; edit keyStore there to move the store`,
    );
  }
  // Threat: an approver key an agent can read is an approval it can sign itself.
  if (isWithin(home.keyStore, home.workspace)) {
    throw new CliError(
      "config",
      `the key store ${home.keyStore} is inside the workspace ${home.workspace}: set keyStore in ${home.configFile} to a folder outside it (e.g. ~/.local/share/lodestar/keys)`,
    );
  }
  const { secretKey, publicKey } = generateKeyPair();
  await mkdir(home.keyStore, { recursive: true, mode: 0o700 });
  if (((await stat(home.keyStore)).mode & 0o077) !== 0) await chmod(home.keyStore, 0o700);
  const file = home.keyFile(name);
  await writeSecretKeyFile(file, { name, secretKey });
  const pinned = values.approver
    ? await pinKey(home.pinnedKeysFile, { name, publicKey, levels, role: "approver" })
    : undefined;
  const result = {
    name,
    keyId: keyIdOf(publicKey),
    publicKey: toBase64Url(publicKey),
    file,
    pinned: pinned !== undefined,
    levels: pinned?.levels ?? [],
  };
  if (values.json) printJson(ctx.out, result);
  else {
    ctx.out(
      `generated ${name}  ${result.keyId}\n  public key ${result.publicKey}\n  secret key ${file} (mode 0600)`,
    );
    if (pinned) ctx.out(`  pinned as approver for ${pinned.levels.join(",")}`);
  }
  return 0;
};
