import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fromBase64Url } from "@lodestar/crypto";
import { pinKey } from "@lodestar/crypto/node";
import { parseStrict } from "@lodestar/jcs";
import { loadHome } from "@lodestar/kernel";
import { parseCommandArgs, printJson, requireString } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { parseLevels } from "./levels.ts";

const USAGE =
  "lodestar keys pin FILE|PUBLIC_KEY --name NAME --levels L3,L4 [--role approver|operator] [--json]";

/** A public key given inline (base64url) or in a file: a bare key, or JSON with a `publicKey` field. */
async function readPublicKey(arg: string): Promise<Uint8Array> {
  let text = arg;
  if (existsSync(arg)) {
    text = (await readFile(arg, "utf8")).trim();
    if (text.startsWith("{")) {
      let parsed: { publicKey?: unknown; secretKey?: unknown };
      try {
        parsed = parseStrict(text) as typeof parsed;
      } catch (error) {
        throw new CliError("invalid-input", `${arg} is not valid JSON: ${(error as Error).message}`);
      }
      if (parsed.secretKey !== undefined)
        throw new CliError("invalid-input", `${arg} holds a secret key: pin the public key only`);
      if (typeof parsed.publicKey !== "string")
        throw new CliError("invalid-input", `${arg}: no "publicKey" field`);
      text = parsed.publicKey;
    }
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(text))
    throw new CliError("invalid-input", `not a base64url Ed25519 public key: ${JSON.stringify(arg)}`);
  return fromBase64Url(text);
}

export const keysPin: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      name: { type: "string" },
      levels: { type: "string" },
      role: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  const source = positionals[0];
  if (source === undefined)
    throw new CliError("usage", `a public key or key file is required\nusage: ${USAGE}`);
  const name = requireString(values.name, "--name", USAGE);
  const levels = parseLevels(requireString(values.levels, "--levels", USAGE));
  const role = values.role ?? "approver";
  if (role !== "approver" && role !== "operator")
    throw new CliError("usage", `--role is approver or operator\nusage: ${USAGE}`);
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const entry = await pinKey(home.pinnedKeysFile, {
    name,
    publicKey: await readPublicKey(source),
    levels,
    role,
  });
  if (values.json) printJson(ctx.out, entry);
  else ctx.out(`pinned ${entry.name} ${entry.keyId} as ${entry.role} for ${entry.levels.join(",")}`);
  return 0;
};
