import { existsSync } from "node:fs";
import { chmod, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join, relative, resolve } from "node:path";
import { generateKeyPair, keyIdOf } from "@lodestar/crypto";
import { pinKey, writeSecretKeyFile } from "@lodestar/crypto/node";
import { HOME_DIR_NAME, homePaths } from "@lodestar/kernel";
import { defaultPolicyText } from "@lodestar/policy";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { configTemplate } from "./config-template.ts";
import { isWithin } from "./within.ts";

const USAGE = "lodestar init [--operator NAME] [--workspace DIR] [--json]";

export interface InitWarning {
  code: "home-in-workspace";
  message: string;
}

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { operator: { type: "string" }, workspace: { type: "string" }, json: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const root = ctx.env.home !== undefined ? resolve(ctx.cwd, ctx.env.home) : join(ctx.cwd, HOME_DIR_NAME);
  const paths = homePaths(root);
  if (existsSync(paths.configFile))
    throw new CliError("already-initialized", `${root} is already a Lodestar folder`);
  const workspace = resolve(ctx.cwd, values.workspace ?? ".");
  const keyStore = ctx.env.keyStore ?? ctx.env.defaultKeyStore;
  if (keyStore === undefined) {
    throw new CliError(
      "config",
      "no place for approver keys: set LODESTAR_KEY_STORE to an absolute folder outside the workspace (HOME is not set)",
    );
  }
  // Threat: an approver key an agent can read is an approval it can sign itself.
  if (isWithin(keyStore, workspace)) {
    throw new CliError(
      "config",
      `the key store ${keyStore} is inside the workspace ${workspace}: approver keys must live where no agent can read them (set LODESTAR_KEY_STORE elsewhere)`,
    );
  }
  const warnings: InitWarning[] = [];
  if (isWithin(root, workspace)) {
    warnings.push({
      code: "home-in-workspace",
      message:
        `the Lodestar folder ${root} is inside the workspace ${workspace}, which agents can write. ` +
        "Calls through Lodestar can never reach it (built-in protected-anchor rule), but a program an agent runs, " +
        "or an MCP server's own shell, is not governed call by call. To keep it out of reach, " +
        `run \`LODESTAR_HOME=<folder outside the workspace> lodestar init\` in ${workspace}.`,
    });
  }
  const operator = values.operator ?? userInfo().username;
  const created = !existsSync(root);
  try {
    await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });
    await mkdir(paths.sessionsDir, { recursive: true });
    await mkdir(paths.approvalsDir, { recursive: true });
    await makePrivateDir(keyStore);
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
    const workspaceSetting = isWithin(root, workspace) ? relative(root, workspace) || "." : workspace;
    await writeFile(
      paths.configFile,
      configTemplate(operator, { workspace: workspaceSetting, keyStore: resolve(keyStore) }),
      { flag: "wx" },
    );
    const result = {
      root,
      operator,
      operatorKeyId: keyIdOf(publicKey),
      workspace,
      keyStore: resolve(keyStore),
      homeInWorkspace: warnings.some((w) => w.code === "home-in-workspace"),
      warnings,
      files: ["config.yaml", "policy.yaml", "pinned-keys.json", "keys/operator.key"],
    };
    for (const w of warnings) ctx.err(`lodestar: warning: ${w.message}`);
    if (values.json) printJson(ctx.out, result);
    else {
      ctx.out(`initialized ${root}`);
      ctx.out(`  operator ${operator}, checkpoint key ${result.operatorKeyId}`);
      ctx.out(`  workspace ${workspace}; approver keys in ${result.keyStore}`);
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

/** The key store: created 0700, and tightened to 0700 if it exists with group or other access. */
async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (((await stat(dir)).mode & 0o077) !== 0) await chmod(dir, 0o700);
}
