import { type ParseArgsConfig, parseArgs } from "node:util";
import { CliError } from "./cli-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with our error convention: a usage mistake is one line and exit 2, never a stack. */
/** Returns undefined after printing the usage when --help was asked for. */
export function parseCommandArgs<const O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  out: (line: string) => void,
) {
  const config = {
    args: argv,
    options: { ...options, help: { type: "boolean", short: "h" } } as O & {
      help: { type: "boolean"; short: "h" };
    },
    allowPositionals: true as const,
    strict: true as const,
  };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    throw new CliError("usage", `${(error as Error).message}\nusage: ${usage}`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    out(`usage: ${usage}`);
    return undefined;
  }
  return parsed;
}

export function requireString(
  value: string | boolean | (string | boolean)[] | undefined,
  flag: string,
  usage: string,
): string {
  if (typeof value !== "string" || value === "")
    throw new CliError("usage", `${flag} is required\nusage: ${usage}`);
  return value;
}

export function printJson(out: (line: string) => void, value: unknown): void {
  out(JSON.stringify(value, null, 2));
}
