import type { Envelope } from "@lodestar/envelope";
import type { LadderEvent } from "@lodestar/policy";
import type { ActionLevel, TrustedKey } from "@lodestar/protocol";
import { openValue } from "./open-value.ts";
import { type GrantedHold, verifiedApprovals } from "./verified-approvals.ts";

/**
 * Turns a session's envelopes, in log order, into trust-ladder events. The ladder is a pure
 * function of these, so the rung after a replay is the rung before a restart (no hidden state).
 *
 * Feed it only envelopes readTrustedLog handed out (covered by a pinned operator checkpoint).
 * Even then an `approved` grant counts only if its signed decisions verify under the pinned keys
 * (verifiedApprovals), and an outcome counts as approved only after such a grant: the evidence
 * that promotes a rung is the approvers' signatures, not the log's word for it.
 */
export class LadderProjection {
  readonly events: LadderEvent[] = [];
  /** Approved grants whose decisions did not verify (for reports; they count for nothing). */
  readonly unverifiedGrants: string[] = [];
  readonly #decisions = new Map<string, { capability: string; held: boolean; approved: boolean }>();
  readonly #holds = new Map<string, { decision: string; hold: GrantedHold }>();
  readonly #spent = new Set<string>();
  readonly #findKey: (keyId: string) => TrustedKey | undefined;

  /** `findKey`: the pinned keys (approvers' signatures are checked against them). */
  constructor(findKey: (keyId: string) => TrustedKey | undefined) {
    this.#findKey = findKey;
  }

  feed(envelope: Envelope): void {
    const agent = envelope.actor.agent;
    const at = envelope.ts;
    const model = envelope.actor.model;
    const base = model === undefined ? { agent, at } : { agent, at, model };
    switch (envelope.kind) {
      case "session.start":
        if (model !== undefined) this.events.push({ type: "model", agent, at, model });
        return;
      case "decision": {
        const capability = String(openValue(envelope, "capability") ?? "");
        const verdict = openValue(envelope, "verdict");
        this.#decisions.set(envelope.id, { capability, held: verdict === "hold", approved: false });
        const anomaly = openValue(envelope, "anomaly");
        // Flooding the approver is misbehaviour of the agent, not of one capability: agent-wide.
        if (typeof anomaly === "string") this.events.push({ ...base, type: "anomaly", kind: anomaly });
        else if (verdict === "deny" && openValue(envelope, "mode") !== "observe") {
          this.events.push({ ...base, type: "denied", capability, by: "policy" });
        }
        return;
      }
      case "hold": {
        const decision = envelope.parents[0];
        if (decision !== undefined) {
          const hold: GrantedHold = {
            holdId: String(openValue(envelope, "holdId")),
            session: envelope.session,
            actionDigest: String(openValue(envelope, "actionDigest")),
            level: openValue(envelope, "level") as ActionLevel,
            quorum: Number(openValue(envelope, "quorum") ?? 1),
          };
          this.#holds.set(envelope.id, { decision, hold });
        }
        return;
      }
      case "grant": {
        const held = this.#holds.get(envelope.parents[0] ?? "");
        const decision = this.#decisions.get(held?.decision ?? "");
        if (held === undefined || decision === undefined) return;
        const status = openValue(envelope, "status");
        if (status === "approved") {
          if (!verifiedApprovals(openValue(envelope, "decisions"), held.hold, this.#findKey, this.#spent)) {
            this.unverifiedGrants.push(`${envelope.session} seq ${envelope.seq}`);
            return;
          }
          decision.approved = true;
          this.events.push({ ...base, type: "hold-approved", capability: decision.capability });
        } else if (status === "denied")
          this.events.push({ ...base, type: "denied", capability: decision.capability, by: "approver" });
        return;
      }
      case "outcome": {
        const decision = this.#decisions.get(envelope.parents[0] ?? "");
        if (decision === undefined) return;
        this.events.push({
          ...base,
          type: "outcome",
          capability: decision.capability,
          ok: openValue(envelope, "ok") === true,
          // A held call ran under an approval only if a verified grant approved it.
          approved: decision.held && decision.approved,
        });
        return;
      }
      case "observation": {
        // An operator records harm with `lodestar record observation --json '{"incident": "…"}'`.
        const incident = openValue(envelope, "incident");
        if (typeof incident === "string") {
          const capability = openValue(envelope, "capability");
          this.events.push({
            ...base,
            type: "incident",
            note: incident,
            ...(typeof capability === "string" ? { capability } : {}),
          });
        }
        return;
      }
      default:
        return;
    }
  }
}
