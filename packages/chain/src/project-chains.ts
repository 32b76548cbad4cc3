import type { Envelope } from "@lodestar/envelope";
import { type ChainLink, toLink } from "./chain-link.ts";

/** A belief and the observations it rests on. */
export interface BeliefLink {
  belief: ChainLink;
  observations: ChainLink[];
}

/** The why of one decision: observation → belief → decision, and what followed it. */
export interface DecisionChain {
  decision: ChainLink;
  /** The proposed call the decision is about. */
  action?: ChainLink;
  beliefs: BeliefLink[];
  hold?: ChainLink;
  /** Grants recording how the hold was resolved, and any decisions rejected on the way. */
  resolutions: ChainLink[];
  outcomes: ChainLink[];
}

/**
 * Projects the causal `parents` links of a session into one chain per decision. The chain is a
 * view of the log, never a separate store: an envelope citing an id the log does not contain is
 * simply not linked (a redacted or partial log still renders).
 */
export function projectChains(envelopes: Iterable<Envelope>): DecisionChain[] {
  const byId = new Map<string, Envelope>();
  const children = new Map<string, Envelope[]>();
  for (const envelope of envelopes) {
    byId.set(envelope.id, envelope);
    for (const parent of envelope.parents) {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [envelope]);
      else list.push(envelope);
    }
  }
  const kids = (id: string, kind: Envelope["kind"]) =>
    (children.get(id) ?? []).filter((c) => c.kind === kind);
  const chains: DecisionChain[] = [];
  for (const envelope of byId.values()) {
    if (envelope.kind !== "decision") continue;
    const parents = envelope.parents.map((id) => byId.get(id)).filter((p): p is Envelope => p !== undefined);
    const action = parents.find((p) => p.kind === "action");
    const beliefs = parents
      .filter((p) => p.kind === "belief")
      .map((belief) => ({
        belief: toLink(belief),
        observations: belief.parents
          .map((id) => byId.get(id))
          .filter((o): o is Envelope => o !== undefined && (o.kind === "observation" || o.kind === "outcome"))
          .map(toLink),
      }));
    const hold = kids(envelope.id, "hold")[0];
    const resolutions = hold === undefined ? [] : kids(hold.id, "grant");
    const outcomes = [...kids(envelope.id, "outcome"), ...resolutions.flatMap((g) => kids(g.id, "outcome"))];
    chains.push({
      decision: toLink(envelope),
      ...(action !== undefined ? { action: toLink(action) } : {}),
      beliefs,
      ...(hold !== undefined ? { hold: toLink(hold) } : {}),
      resolutions: resolutions.map(toLink),
      outcomes: outcomes.sort((a, b) => a.seq - b.seq).map(toLink),
    });
  }
  return chains.sort((a, b) => a.decision.seq - b.decision.seq);
}
