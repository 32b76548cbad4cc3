import { CliError, EXIT } from "./cli-error.ts";

/** The code goes on the problem's line; any usage text after it stays below. */
function withCode(message: string, code: string): string {
  const [first, ...rest] = message.split("\n");
  return [`${first} [${code}]`, ...rest].join("\n");
}

/**
 * One line for any error. Our packages throw errors with a stable string `code`; those are user
 * or environment mistakes (exit 2) unless the command mapped them to a CliError itself. Anything
 * else is a bug: say so plainly, still without a stack trace (LODESTAR_DEBUG=1 shows it).
 */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError)
    return { line: withCode(error.message, error.code), exitCode: error.exitCode };
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === "string")
    return { line: withCode(error.message, code), exitCode: EXIT.usage };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `internal error: ${message} (set LODESTAR_DEBUG=1 for details)`, exitCode: 70 };
}
