import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where the commented sample policy that `lodestar init` writes lives (examples/policy.yaml). A
 * function, not a constant: nothing evaluates a file URL at import time, so a bundle for a
 * browser, or one without the sources beside it, can import this module (ADR 0021).
 */
export function defaultPolicyPath(): string {
  return fileURLToPath(new URL("../examples/policy.yaml", import.meta.url));
}

/** Its text. The CLI bundle inlines it at build time (apps/cli/scripts/build.mjs). */
export function defaultPolicyText(): string {
  return readFileSync(defaultPolicyPath(), "utf8");
}
