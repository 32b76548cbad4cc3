import { z } from "zod";
import {
  argumentsObject,
  holdId,
  level,
  sha256Hex,
  timestamp,
  toolName,
  withArgParts,
} from "./body-fields.ts";

/**
 * Body of a `hold` envelope (protocol §5): everything an approver needs to recompute the action
 * digest from what is shown — tool, the resolved arguments (raised ones in `args.<name>` parts),
 * cwd, level and policy digest, with the envelope's `session` — and the terms of the hold.
 */
export const holdBodySchema = withArgParts(
  {
    holdId,
    actionDigest: sha256Hex,
    tool: toolName,
    args: argumentsObject,
    level,
    rule: z.string().min(1).max(256),
    capability: z.string(),
    createdAt: timestamp,
    expiresAt: timestamp,
    quorum: z.int().min(1).max(16),
    /** Real working directory of the call (an input of the action digest). */
    cwd: z.string().min(1),
    /** Digest of the policy that classified the call (an input of the action digest). */
    policyDigest: sha256Hex,
    /** Pinned key names allowed to approve; absent = any key pinned for the level. */
    approverKeys: z.array(z.string().min(1).max(256)).min(1).optional(),
  },
  ["args"],
);

export type HoldBody = z.output<typeof holdBodySchema>;
