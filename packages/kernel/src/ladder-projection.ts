import type { Envelope } from "@lodestar/envelope";
import type { LadderEvent } from "@lodestar/policy";
import { openValue } from "./open-value.ts";

/**
 * Turns a session's envelopes, in log order, into trust-ladder events. The ladder is a pure
 * function of these, so the rung after a replay is the rung before a restart (no hidden state).
 */
export class LadderProjection {
  readonly events: LadderEvent[] = [];
  readonly #decisions = new Map<string, { capability: string; held: boolean }>();
  readonly #holds = new Map<string, string>();

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
        this.#decisions.set(envelope.id, { capability, held: verdict === "hold" });
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
        if (decision !== undefined) this.#holds.set(envelope.id, decision);
        return;
      }
      case "grant": {
        const decision = this.#decisions.get(this.#holds.get(envelope.parents[0] ?? "") ?? "");
        if (decision === undefined) return;
        const status = openValue(envelope, "status");
        if (status === "approved")
          this.events.push({ ...base, type: "hold-approved", capability: decision.capability });
        else if (status === "denied")
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
          approved: decision.held,
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
