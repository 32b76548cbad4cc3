import { z } from "zod";
import { signedDecisionSchema } from "../signed-decision.ts";
import { holdId, reasonCode } from "./body-fields.ts";

/** `<keyId>/<nonce>`: spent once a decision's signature verified (decisionIdOf). */
const decisionId = z.string().min(1).max(200);

/**
 * Body of a `grant` envelope: what became of a hold. A final status closes the hold (the signed
 * decisions that resolved it are embedded, so the ladder can re-verify them); `rejected` records a
 * decision that was refused and leaves the hold waiting; `abandoned` closes a hold a previous
 * process left open (it is never revived).
 */
export const grantBodySchema = z.union([
  z.strictObject({
    holdId,
    status: z.enum(["approved", "denied", "expired", "cancelled"]),
    approvers: z.array(z.string()),
    decisionIds: z.array(decisionId),
    decisions: z.array(signedDecisionSchema),
  }),
  z.strictObject({
    holdId,
    status: z.literal("abandoned"),
    approvers: z.array(z.string()).max(0),
    decisionIds: z.array(decisionId).max(0),
  }),
  z.strictObject({
    /** The hold the refused decision named (at most 100 characters of it), or null when it named none. */
    holdId: z.string().max(100).nullable(),
    status: z.literal("rejected"),
    code: reasonCode,
    detail: z.string(),
    /** Spent ids: the refused decision's, only when its signature verified under a pinned key. */
    decisionIds: z.array(decisionId).max(1),
    /** The id an unverified copy claimed (attacker-chosen, so never spent). */
    claimedDecisionId: decisionId.optional(),
  }),
]);

export type GrantBody = z.output<typeof grantBodySchema>;
