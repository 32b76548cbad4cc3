import { loadHome } from "@lodestar/kernel";
import { runToolsServerStdio } from "@lodestar/tools";
import { parseCommandArgs } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE =
  "lodestar tools [--workspace DIR]   (an MCP server on stdio; wrap it: lodestar run -- lodestar tools)";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { workspace: { type: "string" } }, USAGE, ctx.out);
  if (parsed === undefined) return EXIT.ok;
  const workspace = parsed.values.workspace ?? (await loadHome(ctx.cwd, ctx.env.home)).workspace;
  const server = await runToolsServerStdio({ workspace });
  await new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
  });
  await server.close();
  return EXIT.ok;
};
