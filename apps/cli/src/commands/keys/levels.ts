import { PINNED_KEY_LEVELS, type PinnedKeyLevel } from "@lodestar/crypto";
import { CliError } from "../../cli-error.ts";

export function parseLevels(text: string): PinnedKeyLevel[] {
  const levels = text.split(",").map((l) => l.trim().toUpperCase());
  const bad = levels.filter((l) => !(PINNED_KEY_LEVELS as readonly string[]).includes(l));
  if (bad.length > 0 || levels.length === 0) {
    throw new CliError(
      "usage",
      `--levels takes a comma list of ${PINNED_KEY_LEVELS.join(",")}; got ${JSON.stringify(text)}`,
    );
  }
  return levels as PinnedKeyLevel[];
}
