import { CliError, EXIT } from "./cli-error.ts";
import type { Command, CommandContext } from "./context.ts";
import { describeError } from "./describe-error.ts";

// One folder per command, loaded only when that command runs (start-up stays fast).
const commands: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  init: {
    summary: "create the Lodestar folder with a commented config and policy",
    load: () => import("./commands/init/index.ts"),
  },
  keys: { summary: "gen | list | pin | revoke Ed25519 keys", load: () => import("./commands/keys/index.ts") },
  policy: {
    summary: "check a policy file, or explain how a call would be decided",
    load: () => import("./commands/policy/index.ts"),
  },
  run: {
    summary: "guard an MCP server: every tool call goes through the policy first",
    load: () => import("./commands/run/index.ts"),
  },
  tools: {
    summary: "governed shell, filesystem, git and http tools as an MCP server",
    load: () => import("./commands/tools/index.ts"),
  },
  holds: { summary: "list holds waiting for a decision", load: () => import("./commands/holds/index.ts") },
  approve: {
    summary: "sign an approval for a hold with your key",
    load: () => import("./commands/approve/index.ts"),
  },
  deny: { summary: "sign a denial for a hold with your key", load: () => import("./commands/deny/index.ts") },
  ladder: {
    summary: "show each agent's trust rungs and the evidence behind them",
    load: () => import("./commands/ladder/index.ts"),
  },
  record: {
    summary: "append an envelope to a session log",
    load: () => import("./commands/record/index.ts"),
  },
  verify: {
    summary: "verify a session log offline (exit 0 intact, 1 tampered, 2 usage/io)",
    load: () => import("./commands/verify/index.ts"),
  },
  report: {
    summary: "render a session's observation → belief → decision report",
    load: () => import("./commands/report/index.ts"),
  },
  redact: {
    summary: "write a copy of a log redacted to a sensitivity ceiling",
    load: () => import("./commands/redact/index.ts"),
  },
  ship: {
    summary: "send session logs to Machinaut, redacted to a ceiling",
    load: () => import("./commands/ship/index.ts"),
  },
  demo: {
    summary: "the whole loop on this machine: scripted agent, real MCP server, signed approval",
    load: () => import("./commands/demo/index.ts"),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "usage: lodestar <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "lodestar <command> --help for a command's options",
  ].join("\n");
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    ctx.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (command === undefined) {
    ctx.err(`lodestar: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    const { run } = await command.load();
    return await run(rest, ctx);
  } catch (error) {
    const { line, exitCode } = describeError(error);
    ctx.err(`lodestar ${name}: ${line}`);
    if (ctx.env.debug && error instanceof Error && error.stack) ctx.err(error.stack);
    return exitCode;
  }
}

export { CliError };
