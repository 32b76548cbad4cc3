import { DOMAINS, domainHash } from "@lodestar/crypto";
import type { ActionLevel } from "./action-level.ts";

export interface ActionDigestInput {
  session: string;
  tool: string;
  /** The fully resolved arguments that will run (after any constraint). */
  args: Readonly<Record<string, unknown>>;
  cwd: string;
  level: ActionLevel;
  policyDigest: string;
}

/**
 * What an approval binds to (protocol §5): the literal resolved call, its level and the policy that
 * classified it. Changing any argument, the level or the policy after signing changes this digest,
 * so an approval for one call can never release another. Throws JcsError on non-JSON arguments.
 */
export function actionDigest(input: ActionDigestInput): string {
  const { session, tool, args, cwd, level, policyDigest } = input;
  return domainHash(DOMAINS.action, { session, tool, args, cwd, level, policyDigest });
}
