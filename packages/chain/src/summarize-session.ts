import type { Envelope } from "@lodestar/envelope";
import { fieldValue, toLink } from "./chain-link.ts";

export interface SessionSummary {
  session: string;
  agents: string[];
  models: string[];
  operators: string[];
  firstTs?: string;
  lastTs?: string;
  envelopes: number;
  byKind: Record<string, number>;
  verdicts: { allow: number; deny: number; hold: number };
  holds: { approved: number; denied: number; expired: number; rejectedDecisions: number };
  ended: boolean;
}

/** Counts over one session, in one pass. */
export function summarizeSession(envelopes: Iterable<Envelope>): SessionSummary {
  const agents = new Set<string>();
  const models = new Set<string>();
  const operators = new Set<string>();
  const summary: SessionSummary = {
    session: "",
    agents: [],
    models: [],
    operators: [],
    envelopes: 0,
    byKind: {},
    verdicts: { allow: 0, deny: 0, hold: 0 },
    holds: { approved: 0, denied: 0, expired: 0, rejectedDecisions: 0 },
    ended: false,
  };
  for (const envelope of envelopes) {
    summary.session ||= envelope.session;
    summary.envelopes += 1;
    summary.firstTs ??= envelope.ts;
    summary.lastTs = envelope.ts;
    summary.byKind[envelope.kind] = (summary.byKind[envelope.kind] ?? 0) + 1;
    // Checkpoints are written by the log itself, not by an agent.
    if (envelope.kind !== "checkpoint") {
      agents.add(envelope.actor.agent);
      if (envelope.actor.model) models.add(envelope.actor.model);
      if (envelope.actor.operator) operators.add(envelope.actor.operator);
    }
    const link = toLink(envelope);
    if (envelope.kind === "decision") {
      const verdict = fieldValue(link, "verdict");
      if (verdict === "allow" || verdict === "deny" || verdict === "hold") summary.verdicts[verdict] += 1;
    } else if (envelope.kind === "grant") {
      const status = fieldValue(link, "status");
      if (status === "approved") summary.holds.approved += 1;
      else if (status === "denied") summary.holds.denied += 1;
      else if (status === "expired" || status === "abandoned" || status === "cancelled")
        summary.holds.expired += 1;
      else if (status === "rejected") summary.holds.rejectedDecisions += 1;
    } else if (envelope.kind === "session.end") summary.ended = true;
  }
  summary.agents = [...agents].sort();
  summary.models = [...models].sort();
  summary.operators = [...operators].sort();
  return summary;
}
