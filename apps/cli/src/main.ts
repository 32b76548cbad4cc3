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
