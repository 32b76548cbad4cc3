import { describe, expect, it } from "vitest";
import {
  type LadderConfig,
  type LadderEvent,
  PolicyError,
  parsePolicy,
  replayLadder,
  rungOf,
  tightenLadder,
  withLocalLadder,
} from "../src/index.ts";

const DAY = 86_400_000;
const T0 = Date.parse("2025-01-01T00:00:00Z");
const LADDER: LadderConfig = {
  initialRung: 2,
  maxRung: 3,
  promotion: { minApprovedOutcomes: 5, minApprovalRate: 0.8, minDays: 3 },
  demotion: { deny: 1, incident: 3, anomaly: 1 },
};
const CAP = "shell.exec";

/** n approved holds whose outcomes were ok, one per hour from `start`. */
function approvedRuns(n: number, start: number, agent = "a", model = "m1"): LadderEvent[] {
  const out: LadderEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = start + i * 3_600_000;
    out.push({ type: "hold-approved", agent, capability: CAP, at, model });
    out.push({ type: "outcome", agent, capability: CAP, at: at + 1, ok: true, approved: true, model });
  }
  return out;
}

const capOf = (state: ReturnType<typeof replayLadder>, agent = "a", capability = CAP) =>
  state.capabilities.find((c) => c.agent === agent && c.capability === capability)!;

describe("replayLadder", () => {
  it("a new agent starts at initialRung", () => {
    const state = replayLadder([{ type: "model", agent: "a", model: "m1", at: T0 }], LADDER, T0);
    expect(rungOf(state, "a", CAP)).toBe(2);
    expect(rungOf(state, "someone-else", CAP)).toBe(2);
  });

  it("promotes only with enough approved outcomes, approval rate and days", () => {
    const events = approvedRuns(5, T0);
    expect(capOf(replayLadder(events, LADDER, T0 + 2 * DAY))).toMatchObject({ rung: 2 });
    expect(capOf(replayLadder(events, LADDER, T0 + 2 * DAY)).next).toContain("more days");
    const state = replayLadder(events, LADDER, T0 + 3 * DAY);
    const cap = capOf(state);
    expect(cap.rung).toBe(3);
    expect(cap.reasons.at(-1)).toContain("rung 2 → 3: promoted: 5 approved outcomes, approval rate 1.00");
    expect(cap.next).toBeNull(); // top rung
    expect(cap.since).toBe(T0 + 3 * DAY); // dated when earned, not when noticed
  });

  it("too few approved outcomes do not promote, however long it has been", () => {
    const state = replayLadder(approvedRuns(4, T0), LADDER, T0 + 100 * DAY);
    expect(capOf(state)).toMatchObject({ rung: 2, evidence: { approvedOutcomes: 4 } });
    expect(capOf(state).next).toContain("1 more approved outcomes");
  });

  it("outcomes that were not approved holds, or failed, are not evidence", () => {
    const events: LadderEvent[] = [];
    for (let i = 0; i < 10; i++) {
      events.push({ type: "outcome", agent: "a", capability: CAP, at: T0 + i, ok: true, approved: false });
      events.push({ type: "outcome", agent: "a", capability: CAP, at: T0 + i, ok: false, approved: true });
    }
    expect(capOf(replayLadder(events, LADDER, T0 + 30 * DAY))).toMatchObject({
      rung: 2,
      evidence: { approvedOutcomes: 0 },
    });
  });

  it("the approval rate counts approver denials (with deny demotion off)", () => {
    const noDenyDemotion = { ...LADDER, demotion: { ...LADDER.demotion, deny: 0 } };
    const events = [
      ...approvedRuns(5, T0),
      { type: "denied", agent: "a", capability: CAP, at: T0 + DAY, by: "approver" } as LadderEvent,
      { type: "denied", agent: "a", capability: CAP, at: T0 + DAY, by: "approver" } as LadderEvent,
    ];
    const cap = capOf(replayLadder(events, noDenyDemotion, T0 + 10 * DAY));
    expect(cap.evidence.approvalRate).toBeCloseTo(5 / 7);
    expect(cap.rung).toBe(2);
    expect(cap.next).toContain("approval rate 0.71 < 0.8");
  });

  it("a denial demotes one rung and restarts the evidence window", () => {
    const events = [
      ...approvedRuns(5, T0),
      { type: "denied", agent: "a", capability: CAP, at: T0 + 4 * DAY, by: "policy" } as LadderEvent,
    ];
    const cap = capOf(replayLadder(events, LADDER, T0 + 4 * DAY));
    // Promoted to 3 at day 3 (evaluated on the denial event), then demoted to 2.
    expect(cap.rung).toBe(2);
    expect(cap.evidence).toMatchObject({ approvedOutcomes: 0, approvals: 0 });
    expect(cap.reasons.at(-1)).toContain("rung 3 → 2: denied by policy");
    expect(cap.since).toBe(T0 + 4 * DAY);
  });

  it("an incident drops three rungs (to 0) and blocks nothing afterwards but needs fresh evidence", () => {
    const events: LadderEvent[] = [
      ...approvedRuns(2, T0),
      { type: "incident", agent: "a", capability: CAP, at: T0 + DAY, note: "deleted prod data" },
    ];
    const state = replayLadder(events, LADDER, T0 + DAY);
    expect(capOf(state)).toMatchObject({ rung: 0 });
    expect(capOf(state).reasons.at(-1)).toContain("incident (deleted prod data)");
    const later = replayLadder([...events, ...approvedRuns(5, T0 + 2 * DAY)], LADDER, T0 + 5 * DAY);
    expect(capOf(later).rung).toBe(1);
  });

  it("with incident demotion off, an incident still blocks promotion (zero incidents)", () => {
    const soft = { ...LADDER, demotion: { ...LADDER.demotion, incident: 0 } };
    const events: LadderEvent[] = [
      { type: "incident", agent: "a", capability: CAP, at: T0 },
      ...approvedRuns(10, T0),
    ];
    const cap = capOf(replayLadder(events, soft, T0 + 30 * DAY));
    expect(cap).toMatchObject({ rung: 2, evidence: { incidents: 1 } });
    expect(cap.next).toContain("1 incident(s)");
  });

  it("an agent-wide anomaly (hold flooding) demotes every capability and new ones start lower", () => {
    const events: LadderEvent[] = [
      { type: "hold-approved", agent: "a", capability: "fs.write", at: T0 },
      { type: "hold-approved", agent: "a", capability: CAP, at: T0 },
      { type: "anomaly", agent: "a", kind: "hold-rate-limit", at: T0 + 1 },
    ];
    const state = replayLadder(events, LADDER, T0 + 1);
    expect(capOf(state, "a", "fs.write").rung).toBe(1);
    expect(capOf(state, "a", CAP).rung).toBe(1);
    expect(rungOf(state, "a", "http.request")).toBe(1);
    expect(rungOf(state, "b", "http.request")).toBe(2);
  });

  it("a model change resets every rung of the agent to initialRung, with the reason", () => {
    const events: LadderEvent[] = [
      ...approvedRuns(5, T0, "a", "m1"),
      { type: "model", agent: "a", model: "m1", at: T0 + 4 * DAY },
    ];
    expect(capOf(replayLadder(events, LADDER, T0 + 4 * DAY)).rung).toBe(3);
    const changed = [...events, { type: "model", agent: "a", model: "m2", at: T0 + 5 * DAY } as LadderEvent];
    const cap = capOf(replayLadder(changed, LADDER, T0 + 5 * DAY));
    expect(cap).toMatchObject({ rung: 2, model: "m2", evidence: { approvedOutcomes: 0 } });
    expect(cap.reasons.at(-1)).toContain("model changed from m1 to m2");
  });

  it("a model change also undoes agent-wide demotions, and an event's own model field counts", () => {
    const events: LadderEvent[] = [
      { type: "model", agent: "a", model: "m1", at: T0 },
      { type: "anomaly", agent: "a", kind: "flood", at: T0 + 1 },
      { type: "hold-approved", agent: "a", capability: CAP, at: T0 + 2, model: "m2" },
    ];
    const state = replayLadder(events, LADDER, T0 + 2);
    expect(capOf(state).rung).toBe(2);
    expect(state.agents).toEqual([{ agent: "a", model: "m2", startRung: 2 }]);
  });

  it("is a pure function of its input: replaying twice gives the same state", () => {
    const events = [
      ...approvedRuns(7, T0),
      { type: "denied", agent: "a", capability: CAP, at: T0 + DAY, by: "approver" } as LadderEvent,
    ];
    expect(replayLadder(events, LADDER, T0 + 9 * DAY)).toEqual(replayLadder(events, LADDER, T0 + 9 * DAY));
  });

  it("time never runs backwards: a back-dated event does not lengthen the window", () => {
    const events: LadderEvent[] = [
      { type: "model", agent: "a", model: "m1", at: T0 + 10 * DAY },
      ...approvedRuns(5, T0), // back-dated: treated as happening at T0 + 10 days
    ];
    expect(capOf(replayLadder(events, LADDER, T0 + 11 * DAY)).rung).toBe(2);
    expect(capOf(replayLadder(events, LADDER, T0 + 13 * DAY)).rung).toBe(3);
  });

  it("rejects malformed events with a code", () => {
    const bad = [
      { type: "promote", agent: "a", at: T0 },
      { type: "hold-approved", agent: "a", at: T0 },
      { type: "model", agent: "", model: "m", at: T0 },
      { type: "denied", agent: "a", capability: CAP, at: T0, by: "someone" },
      { type: "model", agent: "a", model: "m", at: "yesterday" },
    ];
    for (const event of bad) {
      expect(() => replayLadder([event as LadderEvent], LADDER, T0)).toThrow(PolicyError);
      try {
        replayLadder([event as LadderEvent], LADDER, T0);
      } catch (error) {
        expect((error as PolicyError).code).toBe("invalid-ladder-event");
      }
    }
  });

  it("accepts ISO-8601 timestamps", () => {
    const state = replayLadder(
      [{ type: "hold-approved", agent: "a", capability: CAP, at: "2025-01-01T00:00:00Z" }],
      LADDER,
      T0,
    );
    expect(capOf(state).since).toBe(T0);
  });
});

describe("tightenLadder", () => {
  it("takes the stricter of each value", () => {
    const local = {
      initialRung: 1,
      maxRung: 2,
      promotion: { minApprovedOutcomes: 50, minApprovalRate: 0.99, minDays: 30 },
      demotion: { deny: 2, incident: 3, anomaly: 3 },
    };
    expect(tightenLadder(LADDER, local)).toEqual(local);
  });

  it("ignores a looser local value: it can never relax the policy", () => {
    const loose = {
      initialRung: 3,
      maxRung: 3,
      promotion: { minApprovedOutcomes: 0, minApprovalRate: 0, minDays: 0 },
      demotion: { deny: 0, incident: 0, anomaly: 0 },
    };
    expect(tightenLadder(LADDER, loose)).toEqual(LADDER);
  });

  it("a lower maxRung also caps initialRung", () => {
    expect(tightenLadder(LADDER, { maxRung: 1 })).toMatchObject({ initialRung: 1, maxRung: 1 });
  });

  it("an invalid local value is an error, not a silent no-op", () => {
    expect(() => tightenLadder(LADDER, { maxRung: 7 } as never)).toThrow(/ladder\.maxRung/);
    expect(() => tightenLadder(LADDER, { promtion: {} } as never)).toThrow(PolicyError);
  });

  it("withLocalLadder yields a policy with a new digest and the tightened ladder", () => {
    const policy = parsePolicy("version: 1\ntools:\n  t: { risk: LOW }\n");
    const tightened = withLocalLadder(policy, { maxRung: 2 });
    expect(tightened.source.ladder.maxRung).toBe(2);
    expect(tightened.digest).not.toBe(policy.digest);
    expect(withLocalLadder(policy, { maxRung: 3 }).digest).toBe(policy.digest);
  });
});
