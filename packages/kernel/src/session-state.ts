import type { Envelope } from "@lodestar/envelope";
import { type DecisionRejectionCode, type HoldRecord, UNVERIFIED_REJECTIONS } from "@lodestar/protocol";
import type { ActionLevel } from "./gate.ts";
import { openValue } from "./open-value.ts";

export interface KnownHold {
  record: HoldRecord;
  /** Id of the hold envelope (grants cite it). */
  envelopeId: string;
  resolved: boolean;
}

/**
 * What a kernel must remember about its own session across a restart, rebuilt from the log alone:
 * which holds exist and whether they were resolved, which decisions were spent, which envelope ids
 * exist (beliefs may only cite those), and when each agent's holds opened (the rate limit).
 */
export class SessionState {
  readonly holds = new Map<string, KnownHold>();
  readonly usedDecisionIds = new Set<string>();
  readonly knownIds = new Set<string>();
  readonly holdTimes = new Map<string, number[]>();
  readonly #holdByEnvelope = new Map<string, string>();

  feed(envelope: Envelope): void {
    this.knownIds.add(envelope.id);
    if (envelope.kind === "hold") this.#feedHold(envelope);
    else if (envelope.kind === "grant") this.#feedGrant(envelope);
  }

  openHolds(): KnownHold[] {
    return [...this.holds.values()].filter((h) => !h.resolved);
  }

  #feedHold(envelope: Envelope): void {
    const holdId = openValue(envelope, "holdId");
    if (typeof holdId !== "string") return;
    const approverKeys = openValue(envelope, "approverKeys");
    const record: HoldRecord = {
      holdId,
      session: envelope.session,
      actionDigest: String(openValue(envelope, "actionDigest")),
      level: openValue(envelope, "level") as ActionLevel,
      createdAt: String(openValue(envelope, "createdAt")),
      expiresAt: String(openValue(envelope, "expiresAt")),
      open: true,
      approvedBy: [],
      ...(Array.isArray(approverKeys) ? { approverKeys: approverKeys.map(String) } : {}),
    };
    this.holds.set(holdId, { record, envelopeId: envelope.id, resolved: false });
    this.#holdByEnvelope.set(envelope.id, holdId);
    const times = this.holdTimes.get(envelope.actor.agent) ?? [];
    times.push(Date.parse(envelope.ts));
    this.holdTimes.set(envelope.actor.agent, times);
  }

  #feedGrant(envelope: Envelope): void {
    const status = openValue(envelope, "status");
    const code = openValue(envelope, "code") as DecisionRejectionCode | undefined;
    // A rejection reached before the signature verified spent nothing (threat: a tampered copy
    // burning the genuine decision). Logs written before that rule listed such ids too: the
    // recorded code tells them apart.
    const spent = status !== "rejected" || (code !== undefined && !UNVERIFIED_REJECTIONS.has(code));
    const ids = openValue(envelope, "decisionIds");
    if (spent && Array.isArray(ids)) for (const id of ids) this.usedDecisionIds.add(String(id));
    const holdId = this.#holdByEnvelope.get(envelope.parents[0] ?? "") ?? openValue(envelope, "holdId");
    const hold = typeof holdId === "string" ? this.holds.get(holdId) : undefined;
    // Only a final status closes a hold; a rejected decision leaves it waiting.
    if (hold !== undefined && status !== "rejected") {
      hold.resolved = true;
      hold.record = { ...hold.record, open: false };
    }
  }
}
