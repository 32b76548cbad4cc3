import { keyIdOf, publicKeyOf, toBase64Url } from "@lodestar/crypto";
import { type SignedDecision, signDecision } from "./signed-decision.ts";
import type { HoldRecord } from "./verify-decision.ts";

export interface DecisionInput {
  hold: Pick<HoldRecord, "holdId" | "session" | "actionDigest" | "level" | "expiresAt">;
  verdict: "approve" | "deny";
  secretKey: Uint8Array;
  approver: string;
  reason?: string;
  /** How long the decision itself stays valid (never beyond what the hold allows anyway). */
  validForMs?: number;
  now?: Date;
}

/** Signs an approver's decision on a hold, binding exactly the held action (protocol §5). */
export function createDecision(input: DecisionInput): SignedDecision {
  const now = input.now ?? new Date();
  const expires = new Date(
    Math.min(now.getTime() + (input.validForMs ?? 10 * 60_000), Date.parse(input.hold.expiresAt) + 60_000),
  );
  return signDecision(
    {
      v: 1,
      holdId: input.hold.holdId,
      session: input.hold.session,
      actionDigest: input.hold.actionDigest,
      level: input.hold.level,
      verdict: input.verdict,
      keyId: keyIdOf(publicKeyOf(input.secretKey)),
      approver: input.approver,
      issuedAt: now.toISOString(),
      expiresAt: expires.toISOString(),
      // WebCrypto's CSPRNG: the same code signs in Node and on an approver's phone.
      nonce: toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16))),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    input.secretKey,
  );
}
