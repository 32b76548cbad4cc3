import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fromBase64Url } from "@lodestar/crypto";
import { loadPinnedKeys } from "@lodestar/crypto/node";
import { findHomeRoot, type LodestarHome, loadHome } from "@lodestar/kernel";
import { CliError } from "./cli-error.ts";
import type { CommandContext } from "./context.ts";

/**
 * A log named on the command line: a file path, or a session name in the Lodestar folder. For a
 * session name, `session` is that name: the log inside must be that session's (a file copied over
 * from another session is not that session's log).
 */
export async function resolveSessionFile(
  arg: string | undefined,
  ctx: CommandContext,
  usage: string,
): Promise<{ file: string; home: LodestarHome | undefined; session?: string }> {
  if (arg === undefined)
    throw new CliError("usage", `a session name or log file is required\nusage: ${usage}`);
  const asPath = resolve(ctx.cwd, arg);
  const home =
    findHomeRoot(ctx.cwd, ctx.env.home) === undefined ? undefined : await loadHome(ctx.cwd, ctx.env.home);
  if (existsSync(asPath) && statSync(asPath).isFile()) return { file: asPath, home };
  if (home === undefined)
    throw new CliError(
      "not-found",
      `no file ${arg}, and no Lodestar folder to look for a session of that name`,
    );
  const file = home.sessionFile(arg);
  if (!existsSync(file))
    throw new CliError("not-found", `no session ${JSON.stringify(arg)} in ${home.sessionsDir}`);
  return { file, home, session: arg };
}

/** Operator keys pinned in the home: the only keys whose checkpoints a local verify trusts. */
export async function trustedOperatorKeys(
  home: LodestarHome | undefined,
): Promise<((keyId: string) => Uint8Array | undefined) | undefined> {
  if (home === undefined || !existsSync(home.pinnedKeysFile)) return undefined;
  return operatorKeysIn(home.pinnedKeysFile);
}

/** The unrevoked operator keys of a pinned-keys file (`verify --keys FILE`). */
export async function operatorKeysIn(file: string): Promise<(keyId: string) => Uint8Array | undefined> {
  let set: Awaited<ReturnType<typeof loadPinnedKeys>>;
  try {
    set = await loadPinnedKeys(file);
  } catch (error) {
    throw new CliError("key", `${basename(file)}: ${(error as Error).message}`, undefined, { cause: error });
  }
  const keys = new Map(
    set.keys
      .filter((k) => k.role === "operator" && k.revokedAt === undefined)
      .map((k) => [k.keyId, fromBase64Url(k.publicKey)]),
  );
  return (keyId) => keys.get(keyId);
}
