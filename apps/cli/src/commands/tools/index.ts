import { findHomeRoot, loadHome, protectedAnchorsOf } from "@lodestar/kernel";
import { runToolsServerStdio } from "@lodestar/tools";
import { parseCommandArgs } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE =
  "lodestar tools [--workspace DIR]   (an MCP server on stdio; wrap it: lodestar run -- lodestar tools)";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { workspace: { type: "string" } }, USAGE, ctx.out);
  if (parsed === undefined) return EXIT.ok;
  const home =
    parsed.values.workspace !== undefined && findHomeRoot(ctx.cwd, ctx.env.home) === undefined
      ? undefined
      : await loadHome(ctx.cwd, ctx.env.home);
  const workspace = parsed.values.workspace ?? home!.workspace;
  // Defence in depth: the tools refuse the home and key store themselves, whatever the policy said.
  const protectedPaths = home === undefined ? [] : protectedAnchorsOf(home).anchors.map((a) => a.path);
  const server = await runToolsServerStdio({ workspace, protectedPaths });
  await new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
  });
  await server.close();
  return EXIT.ok;
};
