import { parseSelfhostArgs, USAGE } from "./cli-args.ts";
import { SelfhostError } from "./selfhost-error.ts";

/** The `machinaut` command; returns the exit status. A user mistake is one line, never a trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const ctx = { env: process.env, cwd: process.cwd(), out };
  try {
    const command = parseSelfhostArgs(argv);
    switch (command.command) {
      case "help":
        out(USAGE);
        return 0;
      case "start":
        // Loaded on demand: `--help` and usage errors answer without loading the server's modules.
        return await (await import("./start.ts")).start({
          ...ctx,
          port: command.port,
          host: command.host,
          data: command.data,
        });
      case "token-create":
        return await (await import("./token-create.ts")).tokenCreate({ ...ctx, ...command });
    }
  } catch (error) {
    if (error instanceof SelfhostError) {
      process.stderr.write(`machinaut: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`machinaut: ${(error as Error).message}\n`);
    return 1;
  }
}
