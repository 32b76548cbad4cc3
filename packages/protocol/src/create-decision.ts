import { keyIdOf, publicKeyOf, toBase64Url } from "@lodestar/crypto";
import { z } from "zod";
import { actionDigest } from "./action-digest.ts";
import { ACTION_LEVELS } from "./action-level.ts";
import { DecisionSigningError } from "./decision-signing-error.ts";
import { type SignedDecision, signDecision } from "./signed-decision.ts";

/**
 * What a signer is shown of a hold: every input of its action digest, as the guard recorded it.
 * `cwd` and `policyDigest` are optional here only so that a hold from an older log (which lacks
 * them) reaches the check below and is refused with a clear reason rather than a type error.
 */
export interface ShownHold {
  holdId: string;
  session: string;
  actionDigest: string;
  level: (typeof ACTION_LEVELS)[number];
  expiresAt: string;
  tool: string;
  args: unknown;
  cwd?: string | undefined;
  policyDigest?: string | undefined;
}

export interface DecisionInput {
  hold: ShownHold;
  verdict: "approve" | "deny";
  secretKey: Uint8Array;
  approver: string;
  reason?: string;
  /** How long the decision itself stays valid (never beyond what the hold allows anyway). */
  validForMs?: number;
  now?: Date;
}

// The shown hold came over a transport (a log, a control plane, a QR code): parse it, never trust it.
const shownHoldSchema = z.object({
  holdId: z.string(),
  session: z.string(),
  actionDigest: z.string().regex(/^[0-9a-f]{64}$/),
  level: z.enum(ACTION_LEVELS as [string, ...string[]]),
  expiresAt: z.string(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  cwd: z.string(),
  policyDigest: z.string(),
});

/**
 * Signs an approver's decision on a hold, binding exactly the held action (protocol §5). Before
 * signing, the action digest is recomputed from what the signer is shown — session, tool, resolved
 * arguments, working directory, level, policy digest — and a mismatch is refused: a relay showing
 * benign arguments next to a malicious digest gets no signature (threats.md). An argument the
 * signer cannot see (hidden behind its commitment) cannot be recomputed either, so it is refused.
 */
export function createDecision(input: DecisionInput): SignedDecision {
  const hold = checkShownHold(input.hold);
  const now = input.now ?? new Date();
  const expires = new Date(
    Math.min(now.getTime() + (input.validForMs ?? 10 * 60_000), Date.parse(hold.expiresAt) + 60_000),
  );
  return signDecision(
    {
      v: 1,
      holdId: hold.holdId,
      session: hold.session,
      actionDigest: hold.actionDigest,
      level: hold.level,
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

/** The shown hold, once its action digest is proven to be the digest of what is shown. */
export function checkShownHold(shown: ShownHold): ShownHold & { cwd: string; policyDigest: string } {
  const missing = (["tool", "args", "cwd", "policyDigest"] as const).filter((f) => shown[f] === undefined);
  if (missing.length > 0) {
    throw new DecisionSigningError(
      "hold-incomplete",
      `hold ${shown.holdId} was recorded without ${missing.join(", ")} (an older Lodestar): its action digest cannot be recomputed from what is shown, so it cannot be signed`,
    );
  }
  const parsed = shownHoldSchema.safeParse(shown);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DecisionSigningError(
      "hold-incomplete",
      `hold ${shown.holdId}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    );
  }
  const h = parsed.data as ShownHold & { cwd: string; policyDigest: string; args: Record<string, unknown> };
  let recomputed: string;
  try {
    recomputed = actionDigest({
      session: h.session,
      tool: h.tool,
      args: h.args,
      cwd: h.cwd,
      level: h.level,
      policyDigest: h.policyDigest,
    });
  } catch (error) {
    throw new DecisionSigningError(
      "action-digest-mismatch",
      `hold ${h.holdId}: the shown arguments are not canonical JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (recomputed !== h.actionDigest) {
    throw new DecisionSigningError(
      "action-digest-mismatch",
      `hold ${h.holdId}: the action digest ${h.actionDigest.slice(0, 16)}… is not the digest of the call shown (${recomputed.slice(0, 16)}…); refusing to sign what is not seen`,
    );
  }
  return h;
}
