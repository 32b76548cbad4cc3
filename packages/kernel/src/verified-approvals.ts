import { DOMAINS, verifyObject } from "@lodestar/crypto";
import {
  type ActionLevel,
  decisionIdOf,
  type SignedDecision,
  signedDecisionSchema,
  type TrustedKey,
  unsignedPart,
} from "@lodestar/protocol";

/** The hold a grant resolved, as its own (covered) hold envelope recorded it. */
export interface GrantedHold {
  holdId: string;
  session: string;
  actionDigest: string;
  level: ActionLevel;
  quorum: number;
}

/**
 * Whether an `approved` grant is backed by enough signed approvals to count as evidence on the
 * trust ladder. Threat (threats.md): a forged grant, or a grant whose decisions were swapped,
 * must not promote the agent's rung. Each embedded decision must parse, approve exactly this hold
 * (hold id, session, action digest, level), be signed by a key pinned NOW, unrevoked, allowed for
 * the level, and not have counted before (`spent`: a decision copied into other grants counts once).
 * Distinct keys must reach the hold's quorum.
 *
 * Deliberately not the guard's full check (verifyDecision): on replay there is no open hold, no
 * "now" inside the hold's life and no single-use state to consult. The guard checked those when it
 * accepted the decision; this check asks only "would the operator's pinned keys, as they are
 * today, still vouch for this approval?". A key revoked since — lost, stolen, or its holder gone —
 * withdraws every approval it signed from the ladder's evidence (the rung may drop; it never rises
 * because of a revocation). Pinned-key changes therefore change rungs; rungs are a replay.
 */
export function verifiedApprovals(
  decisions: unknown,
  hold: GrantedHold,
  findKey: (keyId: string) => TrustedKey | undefined,
  spent: Set<string>,
): boolean {
  if (!Array.isArray(decisions)) return false;
  const approvers = new Set<string>();
  const ids: string[] = [];
  for (const raw of decisions) {
    const parsed = signedDecisionSchema.safeParse(raw);
    if (!parsed.success) continue;
    const d: SignedDecision = parsed.data;
    if (d.verdict !== "approve" || !bindsTo(d, hold)) continue;
    const id = decisionIdOf(d);
    if (spent.has(id) || approvers.has(d.keyId)) continue;
    const key = findKey(d.keyId);
    if (key === undefined || key.revoked || !key.levels.includes(d.level)) continue;
    if (!verifyObject(DOMAINS.decision, unsignedPart(d), d.sig, key.publicKey)) continue;
    approvers.add(d.keyId);
    ids.push(id);
  }
  if (approvers.size < Math.max(1, hold.quorum)) return false;
  for (const id of ids) spent.add(id);
  return true;
}

function bindsTo(d: SignedDecision, hold: GrantedHold): boolean {
  return (
    d.holdId === hold.holdId &&
    d.session === hold.session &&
    d.actionDigest === hold.actionDigest &&
    d.level === hold.level
  );
}
