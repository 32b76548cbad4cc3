import { DOMAINS, signObject } from "@lodestar/crypto";
import { z } from "zod";

/**
 * A decision on one hold, signed by an approver's Ed25519 key. Everything the approver saw and
 * decided is inside the signed bytes: the hold, the session, the action digest (the literal
 * resolved call), the level and the verdict. Transports (Machinaut, a folder) only carry it.
 */
export const signedDecisionSchema = z
  .object({
    v: z.literal(1),
    holdId: z.string().regex(/^hold_[0-9a-z]{26,64}$/),
    session: z.string().min(1).max(200),
    actionDigest: z.string().regex(/^[0-9a-f]{64}$/),
    level: z.enum(["L0", "L1", "L2", "L3", "L4"]),
    verdict: z.enum(["approve", "deny"]),
    keyId: z.string().regex(/^ed25519:[0-9a-f]{32}$/),
    approver: z.string().min(1).max(200),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
    reason: z.string().max(2000).optional(),
    sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })
  .strict();

export type SignedDecision = z.infer<typeof signedDecisionSchema>;
export type UnsignedDecision = Omit<SignedDecision, "sig">;

/** Signs a decision; the signature covers every other field under the decision domain. */
export function signDecision(decision: UnsignedDecision, secretKey: Uint8Array): SignedDecision {
  return { ...decision, sig: signObject(DOMAINS.decision, decision, secretKey) };
}

/** The signed part of a decision: every field but `sig`. */
export function unsignedPart(decision: SignedDecision): UnsignedDecision {
  const { sig: _sig, ...rest } = decision;
  return rest;
}
