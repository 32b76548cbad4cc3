import type { LadderConfig } from "../policy-source.ts";
import type { CapabilityRung, LadderEvent, LadderState } from "./ladder-event.ts";
import { eventTime, validateEvent } from "./ladder-input.ts";

const DAY_MS = 86_400_000;

interface Cap {
  agent: string;
  capability: string;
  rung: number;
  since: number;
  /** Time of the last event that touched this capability. */
  last: number;
  approvedOutcomes: number;
  approvals: number;
  denials: number;
  incidents: number;
  anomalies: number;
  reasons: string[];
}

interface Agent {
  model: string | null;
  startRung: number;
  caps: Map<string, Cap>;
}

/**
 * Derives every (agent, capability) rung by replaying ladder events in log order — there is no
 * other state, so anyone holding the log can recompute (and check) a rung. Promotion needs, within
 * the current rung's window: ≥ minApprovedOutcomes approved outcomes, approval rate ≥ minApprovalRate,
 * ≥ minDays, and no incident or anomaly. A denial, incident or anomaly drops the configured number
 * of rungs and restarts the window; a model change puts all the agent's rungs back to initialRung.
 */
export function replayLadder(events: readonly LadderEvent[], ladder: LadderConfig, now: number): LadderState {
  const replay = new LadderReplay(ladder);
  for (const event of events) replay.apply(event);
  return replay.state(now);
}

/**
 * The same replay, fed one event at a time: a long-running kernel applies each new event once and
 * asks for the state at any moment, instead of replaying the whole history on every call.
 * `replay.state(now)` after applying events e₀…eₙ equals `replayLadder([e₀…eₙ], ladder, now)`.
 */
export class LadderReplay {
  readonly #ladder: LadderConfig;
  readonly #start: number;
  readonly #agents = new Map<string, Agent>();
  #clock = Number.NEGATIVE_INFINITY; // log order is authoritative; time never runs backwards
  #count = 0;

  constructor(ladder: LadderConfig) {
    this.#ladder = ladder;
    this.#start = Math.min(ladder.initialRung, ladder.maxRung);
  }

  apply(event: LadderEvent): void {
    const ladder = this.#ladder;
    const start = this.#start;
    const i = this.#count++;
    validateEvent(event, i);
    this.#clock = Math.max(this.#clock, eventTime(event.at, i));
    const t = this.#clock;
    let agent = this.#agents.get(event.agent);
    if (agent === undefined) {
      agent = { model: null, startRung: start, caps: new Map() };
      this.#agents.set(event.agent, agent);
    }
    // Promotions that time alone has earned happen before this event is applied.
    for (const cap of agent.caps.values()) promote(cap, ladder, t);
    if (event.model !== undefined) {
      if (agent.model !== null && agent.model !== event.model) {
        const why = `model changed from ${agent.model} to ${event.model}: reset to rung ${start}`;
        agent.startRung = start;
        for (const cap of agent.caps.values()) restart(cap, start, t, why);
      }
      agent.model = event.model;
    }
    const touched: Cap[] = [];
    const capOf = (capability: string): Cap => {
      let cap = agent.caps.get(capability);
      if (cap === undefined) {
        cap = {
          agent: event.agent,
          capability,
          rung: agent.startRung,
          since: t,
          last: t,
          approvedOutcomes: 0,
          approvals: 0,
          denials: 0,
          incidents: 0,
          anomalies: 0,
          reasons: [],
        };
        agent.caps.set(capability, cap);
      }
      cap.last = t;
      touched.push(cap);
      return cap;
    };
    switch (event.type) {
      case "model":
        break;
      case "hold-approved":
        capOf(event.capability).approvals++;
        break;
      case "outcome":
        if (event.ok && event.approved) capOf(event.capability).approvedOutcomes++;
        else capOf(event.capability);
        break;
      case "denied": {
        const cap = capOf(event.capability);
        if (event.by === "approver") cap.denials++;
        demote(cap, ladder.demotion.deny, t, `denied by ${event.by}`);
        break;
      }
      case "incident":
      case "anomaly": {
        const steps = event.type === "incident" ? ladder.demotion.incident : ladder.demotion.anomaly;
        const what =
          event.type === "incident"
            ? `incident${event.note ? ` (${event.note})` : ""}`
            : `anomaly ${event.kind}`;
        // With steps > 0 the window restarts; with 0 the event stays in it and blocks promotion.
        const hit = (cap: Cap, why: string) => {
          if (demote(cap, steps, t, why)) return;
          if (event.type === "incident") cap.incidents++;
          else cap.anomalies++;
        };
        if (event.capability !== undefined) {
          hit(capOf(event.capability), what);
        } else {
          agent.startRung = Math.max(0, agent.startRung - steps);
          for (const cap of agent.caps.values()) {
            hit(cap, `${what} (agent-wide)`);
            touched.push(cap);
          }
        }
        break;
      }
    }
    for (const cap of touched) promote(cap, ladder, t);
  }

  /** The rungs at `now`. Works on copies: asking never changes what later events see. */
  state(now: number): LadderState {
    const capabilities: CapabilityRung[] = [];
    for (const agent of this.#agents.values()) {
      for (const original of agent.caps.values()) {
        const cap = { ...original, reasons: [...original.reasons] };
        promote(cap, this.#ladder, now);
        capabilities.push(report(cap, agent.model, this.#ladder, now));
      }
    }
    return {
      capabilities,
      agents: [...this.#agents].map(([agent, a]) => ({ agent, model: a.model, startRung: a.startRung })),
      initialRung: this.#start,
    };
  }
}

/** The rung to pass to `decide` for one call. */
export function rungOf(state: LadderState, agent: string, capability: string): number {
  const cap = state.capabilities.find((c) => c.agent === agent && c.capability === capability);
  if (cap !== undefined) return cap.rung;
  return state.agents.find((a) => a.agent === agent)?.startRung ?? state.initialRung;
}

function restart(cap: Cap, rung: number, t: number, why: string): void {
  cap.reasons.push(`${new Date(t).toISOString()} rung ${cap.rung} → ${rung}: ${why}`);
  cap.rung = rung;
  cap.since = t;
  cap.last = t;
  cap.approvedOutcomes = 0;
  cap.approvals = 0;
  cap.denials = 0;
  cap.incidents = 0;
  cap.anomalies = 0;
}

/** Drops `steps` rungs and restarts the evidence window (even at rung 0); false when steps is 0. */
function demote(cap: Cap, steps: number, t: number, why: string): boolean {
  if (steps === 0) return false;
  restart(cap, Math.max(0, cap.rung - steps), t, why);
  return true;
}

function shortfall(cap: Cap, ladder: LadderConfig, t: number): string[] {
  const p = ladder.promotion;
  const missing: string[] = [];
  if (cap.approvedOutcomes < p.minApprovedOutcomes)
    missing.push(`${p.minApprovedOutcomes - cap.approvedOutcomes} more approved outcomes`);
  const rate = approvalRate(cap);
  if ((rate ?? 0) < p.minApprovalRate)
    missing.push(`approval rate ${rate === null ? "n/a" : rate.toFixed(2)} < ${p.minApprovalRate}`);
  const days = (t - cap.since) / DAY_MS;
  if (days < p.minDays) missing.push(`${(p.minDays - days).toFixed(1)} more days`);
  if (cap.incidents > 0) missing.push(`${cap.incidents} incident(s) in this window`);
  if (cap.anomalies > 0) missing.push(`${cap.anomalies} anomaly(ies) in this window`);
  return missing;
}

/**
 * Promotes one rung if the evidence suffices at `t`. The promotion is dated when it was earned —
 * the later of the last evidence and the end of minDays — not when it was noticed, so the result
 * does not depend on how often events happen to arrive.
 */
function promote(cap: Cap, ladder: LadderConfig, t: number): void {
  if (cap.rung >= ladder.maxRung || shortfall(cap, ladder, t).length > 0) return;
  const at = Math.min(t, Math.max(cap.last, cap.since + ladder.promotion.minDays * DAY_MS));
  const rate = approvalRate(cap);
  const days = ((at - cap.since) / DAY_MS).toFixed(1);
  const why = `promoted: ${cap.approvedOutcomes} approved outcomes, approval rate ${rate === null ? "n/a" : rate.toFixed(2)}, ${days} days, no incidents`;
  restart(cap, cap.rung + 1, at, why);
}

function approvalRate(cap: Cap): number | null {
  const decided = cap.approvals + cap.denials;
  return decided === 0 ? null : cap.approvals / decided;
}

function report(cap: Cap, model: string | null, ladder: LadderConfig, now: number): CapabilityRung {
  const missing = cap.rung >= ladder.maxRung ? null : shortfall(cap, ladder, now).join(", ");
  return {
    agent: cap.agent,
    capability: cap.capability,
    rung: cap.rung,
    model,
    since: cap.since,
    evidence: {
      approvedOutcomes: cap.approvedOutcomes,
      approvals: cap.approvals,
      denials: cap.denials,
      approvalRate: approvalRate(cap),
      incidents: cap.incidents,
      anomalies: cap.anomalies,
      days: Math.max(0, (now - cap.since) / DAY_MS),
    },
    reasons: [...cap.reasons],
    next: missing,
  };
}
