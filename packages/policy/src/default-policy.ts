import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The commented sample policy that `lodestar init` writes (examples/policy.yaml). */
export const defaultPolicyPath: string = fileURLToPath(new URL("../examples/policy.yaml", import.meta.url));

/** Its text. The CLI bundle inlines it at build time (apps/cli/scripts/build.mjs). */
export function defaultPolicyText(): string {
  return readFileSync(defaultPolicyPath, "utf8");
}
