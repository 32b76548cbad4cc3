import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { generateKeyPair, keyIdOf } from "@lodestar/crypto";
import { pinKey, writeSecretKeyFile } from "@lodestar/crypto/node";
import { HOME_DIR_NAME, homePaths } from "@lodestar/kernel";
import { defaultPolicyText } from "@lodestar/policy";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { configTemplate } from "./config-template.ts";

const USAGE = "lodestar init [--operator NAME] [--json]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { operator: { type: "string" }, json: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const root = ctx.env.home !== undefined ? resolve(ctx.cwd, ctx.env.home) : join(ctx.cwd, HOME_DIR_NAME);
  const paths = homePaths(root);
  if (existsSync(paths.configFile))
    throw new CliError("already-initialized", `${root} is already a Lodestar folder`);
  const operator = values.operator ?? userInfo().username;
  const created = !existsSync(root);
  try {
    await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });
    await mkdir(paths.sessionsDir, { recursive: true });
    await mkdir(paths.approvalsDir, { recursive: true });
    const { secretKey, publicKey } = generateKeyPair();
    await writeSecretKeyFile(join(paths.keysDir, "operator.key"), { name: "operator", secretKey });
    await pinKey(paths.pinnedKeysFile, {
      name: "operator",
      publicKey,
      levels: ["L0", "L1", "L2", "L3", "L4"],
      role: "operator",
    });
    await writeFile(join(root, "policy.yaml"), defaultPolicyText(), { flag: "wx" });
    // config.yaml last: its presence is what marks the folder as initialized.
    await writeFile(paths.configFile, configTemplate(operator), { flag: "wx" });
    const result = {
      root,
      operator,
      operatorKeyId: keyIdOf(publicKey),
      files: ["config.yaml", "policy.yaml", "pinned-keys.json", "keys/operator.key"],
    };
    if (values.json) printJson(ctx.out, result);
    else {
      ctx.out(`initialized ${root}`);
      ctx.out(`  operator ${operator}, checkpoint key ${result.operatorKeyId}`);
      ctx.out(
        "  next: lodestar keys gen --name <approver> --approver; lodestar policy check; lodestar run -- <mcp server>",
      );
    }
    return 0;
  } catch (error) {
    // Nothing half-written: a failed init removes the folder it created (never one that existed).
    if (created) await rm(root, { recursive: true, force: true });
    throw error;
  }
};
