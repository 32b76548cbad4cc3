import type { CliEnv } from "./env.ts";

/** What every command gets: where it runs, the parsed environment, and where to print. */
export interface CommandContext {
  cwd: string;
  env: CliEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

export type Command = (argv: string[], ctx: CommandContext) => Promise<number>;
