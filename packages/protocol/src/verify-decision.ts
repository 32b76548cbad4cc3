import { DOMAINS, verifyObject } from "@lodestar/crypto";
import type { ActionLevel } from "./action-level.ts";
import { type DecisionRejectionCode, UNVERIFIED_REJECTIONS } from "./decision-rejection.ts";
import { type SignedDecision, signedDecisionSchema, unsignedPart } from "./signed-decision.ts";

/** A pinned approver key as the verifier sees it (from the operator's pinned-keys file only). */
export interface TrustedKey {
  name: string;
  keyId: string;
  publicKey: Uint8Array;
  levels: readonly ActionLevel[];
  /** The label of the pinned entry. Never used to decide self-approval: that is by key identity. */
  role: "approver" | "operator";
  revoked: boolean;
}

/** The local record of a hold: the only source of truth a decision is checked against. */
export interface HoldRecord {
  holdId: string;
  session: string;
  actionDigest: string;
  level: ActionLevel;
  createdAt: string;
  expiresAt: string;
  open: boolean;
  /** Key ids whose approvals already counted toward a quorum. */
  approvedBy: readonly string[];
  /** Pinned key names the policy lets approve this hold; undefined = any key pinned for the level. */
  approverKeys?: readonly string[];
}

export interface VerifyDecisionContext {
  findKey(keyId: string): TrustedKey | undefined;
  findHold(holdId: string): HoldRecord | undefined;
  /** True when this decision (key id + nonce) was already applied or rejected once. */
  alreadyUsed(decisionId: string): boolean;
  now: Date;
  selfApproval: boolean;
  /**
   * The operator's public keys: the home's own operator key and every key pinned with role
   * operator. An approval signed by any of them is self-approval, whatever its pinned label says.
   */
  operatorKeys: readonly Uint8Array[];
}

export type DecisionVerification =
  | { ok: true; decision: SignedDecision; decisionId: string; approverName: string }
  | {
      ok: false;
      code: DecisionRejectionCode;
      detail: string;
      decision?: SignedDecision;
      /** The id the decision claims; attacker-chosen unless `spent`. */
      decisionId?: string;
      /**
       * True once the signature verified under a pinned key: only then is the id the signer's, and
       * only then may the caller spend it (a rejected genuine decision is still single-use).
       */
      spent: boolean;
    };

/** The single-use identity of a decision. */
export function decisionIdOf(decision: Pick<SignedDecision, "keyId" | "nonce">): string {
  return `${decision.keyId}/${decision.nonce}`;
}

/**
 * Accepts a decision only if every rule of protocol §5 holds. Everything in `raw` came from a
 * transport and is attacker-controlled: it selects a key and a hold by id, and nothing in it is
 * believed until the signature by a pinned key verifies and it matches the local hold exactly.
 */
export function verifyDecision(raw: unknown, ctx: VerifyDecisionContext): DecisionVerification {
  const parsed = signedDecisionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: "malformed",
      detail: `${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      spent: false,
    };
  }
  const d = parsed.data;
  const decisionId = decisionIdOf(d);
  const reject = (code: DecisionRejectionCode, detail: string): DecisionVerification => ({
    ok: false,
    code,
    detail,
    decision: d,
    decisionId,
    spent: !UNVERIFIED_REJECTIONS.has(code),
  });

  // Minting: only keys the operator pinned locally count; a key id is just a lookup handle.
  const key = ctx.findKey(d.keyId);
  if (key === undefined) return reject("unpinned-key", `key ${d.keyId} is not pinned`);
  if (key.revoked) return reject("revoked-key", `key ${key.name} was revoked`);
  // Flipping deny→approve, or editing reason/identity/level in transit, breaks the signature.
  if (!verifyObject(DOMAINS.decision, unsignedPart(d), d.sig, key.publicKey)) {
    return reject("bad-signature", `signature does not verify under pinned key ${key.name}`);
  }
  // A deny only ever makes things safer, so any pinned key may deny; approving needs the level.
  if (d.verdict === "approve" && !key.levels.includes(d.level)) {
    return reject(
      "key-not-authorized-for-level",
      `key ${key.name} may approve ${key.levels.join(",") || "nothing"}, not ${d.level}`,
    );
  }
  if (ctx.alreadyUsed(decisionId)) return reject("replayed", `decision ${decisionId} was already used`);
  const hold = ctx.findHold(d.holdId);
  if (hold === undefined) return reject("unknown-hold", `no local hold ${d.holdId}`);
  if (hold.session !== d.session)
    return reject("session-mismatch", `hold belongs to session ${hold.session}`);
  // Upgrading (an L2 approval on an L4 call) or changing any argument after signing changes the digest.
  if (hold.actionDigest !== d.actionDigest)
    return reject("action-digest-mismatch", "the approved action is not the held action");
  if (hold.level !== d.level)
    return reject("level-mismatch", `hold is ${hold.level}, decision says ${d.level}`);
  if (!hold.open) return reject("hold-not-open", "the hold was already resolved");
  const now = ctx.now.getTime();
  if (Date.parse(d.issuedAt) < Date.parse(hold.createdAt))
    return reject("issued-before-hold", "decision predates the hold");
  if (now > Date.parse(d.expiresAt)) return reject("decision-expired", `decision expired at ${d.expiresAt}`);
  // Reviving: an expired hold resolves to deny and stays denied, whatever arrives later.
  if (now > Date.parse(hold.expiresAt)) return reject("hold-expired", `hold expired at ${hold.expiresAt}`);
  // Self-approval is decided by identity: a relabelled entry ("role": "approver") holding the
  // operator's public key is still the operator approving its own agent.
  if (
    d.verdict === "approve" &&
    !ctx.selfApproval &&
    ctx.operatorKeys.some((k) => sameBytes(k, key.publicKey))
  ) {
    return reject(
      "self-approval",
      `key ${key.name} is the operator's own key; it may not approve its agent's actions`,
    );
  }
  // Named approvers: when the policy lists the keys for this level, no other key counts toward
  // the quorum, however it is pinned. A deny from any pinned key still wins.
  if (d.verdict === "approve" && hold.approverKeys !== undefined && !hold.approverKeys.includes(key.name)) {
    return reject(
      "approver-not-named",
      `key ${key.name} is not among the approvers the policy names for ${hold.level}: ${hold.approverKeys.join(", ")}`,
    );
  }
  if (d.verdict === "approve" && hold.approvedBy.includes(d.keyId)) {
    return reject("duplicate-approver", `key ${key.name} already approved this hold`);
  }
  return { ok: true, decision: d, decisionId, approverName: key.name };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
