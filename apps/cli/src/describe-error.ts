import { CliError, EXIT } from "./cli-error.ts";

/**
 * One line for any error. Our packages throw errors with a stable string `code`; those are user
 * or environment mistakes (exit 2) unless the command mapped them to a CliError itself. Anything
 * else is a bug: say so plainly, still without a stack trace (LODESTAR_DEBUG=1 shows it).
 */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError)
    return { line: `${error.message} [${error.code}]`, exitCode: error.exitCode };
  if (error instanceof Error && typeof (error as { code?: unknown }).code === "string") {
    return {
      line: `${error.message} [${(error as unknown as { code: string }).code}]`,
      exitCode: EXIT.usage,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `internal error: ${message} (set LODESTAR_DEBUG=1 for details)`, exitCode: 70 };
}
