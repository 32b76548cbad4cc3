import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { loadPinnedKeys } from "@lodestar/crypto/node";
import { loadHome } from "@lodestar/kernel";
import { parseCommandArgs, printJson } from "../../args.ts";
import type { Command } from "../../context.ts";

const USAGE = "lodestar keys list [--json]";

export const keysList: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { json: { type: "boolean" } }, USAGE, ctx.out);
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const pinned = existsSync(home.pinnedKeysFile) ? (await loadPinnedKeys(home.pinnedKeysFile)).keys : [];
  const names = async (dir: string) =>
    existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".key")).map((f) => f.slice(0, -4)) : [];
  const operatorKeys = await names(home.keysDir);
  const approverKeys = home.keyStore === home.keysDir ? [] : await names(home.keyStore);
  const local = [...new Set([...operatorKeys, ...approverKeys])];
  if (values.json) {
    printJson(ctx.out, { pinned, secretKeys: local.sort(), keyStore: home.keyStore });
    return 0;
  }
  ctx.out("pinned keys:");
  if (pinned.length === 0) ctx.out("  (none)");
  for (const k of pinned) {
    const state = k.revokedAt
      ? `REVOKED ${k.revokedAt}${k.revokedReason ? ` (${k.revokedReason})` : ""}`
      : "active";
    ctx.out(
      `  ${k.name.padEnd(16)} ${k.role.padEnd(8)} ${k.levels.join(",").padEnd(14)} ${k.keyId}  ${state}`,
    );
  }
  ctx.out(
    `secret keys in ${home.keysDir}: ${operatorKeys.length === 0 ? "(none)" : operatorKeys.sort().join(", ")}`,
  );
  if (home.keyStore !== home.keysDir)
    ctx.out(
      `approver keys in ${home.keyStore}: ${approverKeys.length === 0 ? "(none)" : approverKeys.sort().join(", ")}`,
    );
  return 0;
};
