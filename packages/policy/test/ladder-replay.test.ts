import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LadderConfig, type LadderEvent, LadderReplay, replayLadder } from "../src/index.ts";
import { runs } from "./helpers.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2025-01-01T00:00:00Z");
const LADDER: LadderConfig = {
  initialRung: 2,
  maxRung: 3,
  promotion: { minApprovedOutcomes: 2, minApprovalRate: 0.6, minDays: 0.1 },
  demotion: { deny: 1, incident: 2, anomaly: 1 },
};

const agent = fc.constantFrom("a", "b");
const capability = fc.constantFrom("fs.write", "git.push");
const event: fc.Arbitrary<(at: number) => LadderEvent> = fc.oneof(
  fc
    .record({ agent, model: fc.constantFrom("m1", "m2") })
    .map((e) => (at: number) => ({ type: "model" as const, at, ...e })),
  fc.record({ agent, capability }).map((e) => (at: number) => ({ type: "hold-approved" as const, at, ...e })),
  fc
    .record({ agent, capability, by: fc.constantFrom("approver" as const, "policy" as const) })
    .map((e) => (at: number) => ({ type: "denied" as const, at, ...e })),
  fc
    .record({ agent, capability, ok: fc.boolean(), approved: fc.boolean() })
    .map((e) => (at: number) => ({ type: "outcome" as const, at, ...e })),
  fc.record({ agent, capability: fc.option(capability, { nil: undefined }) }).map((e) => (at: number) => ({
    type: "incident" as const,
    at,
    ...(e.capability ? { agent: e.agent, capability: e.capability } : { agent: e.agent }),
  })),
  fc
    .record({ agent })
    .map((e) => (at: number) => ({ type: "anomaly" as const, at, kind: "hold-rate-limit", ...e })),
);

describe("LadderReplay (incremental)", () => {
  it("after every prefix of events, the incremental state equals a full replay — and asking does not change it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(event, fc.integer({ min: 0, max: 6 * HOUR })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 10 * HOUR }),
        (steps, lookAhead) => {
          const replay = new LadderReplay(LADDER);
          const events: LadderEvent[] = [];
          let at = T0;
          for (const [make, gap] of steps) {
            at += gap;
            const e = make(at);
            events.push(e);
            replay.apply(e);
            const now = at + lookAhead;
            expect(replay.state(now)).toEqual(replayLadder(events, LADDER, now));
          }
        },
      ),
      { numRuns: Math.min(runs, 2000) },
    );
  });
});
