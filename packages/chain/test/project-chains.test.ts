import { redactEnvelope } from "@lodestar/envelope";
import { describe, expect, it } from "vitest";
import { fieldValue, projectChains, renderReport, summarizeSession } from "../src/index.ts";
import { sessionBuilder } from "./session-fixture.ts";

function heldPushSession() {
  const s = sessionBuilder();
  s.add("session.start", { mode: "enforce" });
  const action1 = s.add("action", { tool: "fs.read", args: { path: "CHANGELOG.md" } });
  const d1 = s.add(
    "decision",
    { verdict: "allow", level: "L0", rule: "read-inside", reason: "read inside the workspace" },
    [action1.id],
  );
  const obs = s.add("outcome", { ok: true }, [d1.id], "internal", {
    result: { value: "token=hunter2", s: "secret" },
  });
  const belief = s.add("belief", { statement: "release notes are ready", confidence: 0.8 }, [obs.id]);
  const action2 = s.add("action", { tool: "git.push", args: { remote: "origin", refspec: "main" } });
  const d2 = s.add(
    "decision",
    { verdict: "hold", level: "L4", rule: "push-protected", reason: "push to main" },
    [action2.id, belief.id],
  );
  const hold = s.add("hold", { holdId: "hold_abc", expiresAt: "2026-11-21T10:05:00.000Z" }, [d2.id]);
  s.add("grant", { status: "rejected", code: "unpinned-key" }, [hold.id]);
  const grant = s.add("grant", { status: "approved", approvers: ["alice"] }, [hold.id]);
  s.add("outcome", { ok: true, result: "pushed" }, [grant.id]);
  s.add("session.end", { reason: "done" });
  return s.envelopes;
}

describe("projectChains", () => {
  it("links observation → belief → decision, and the hold, its resolutions and outcome", () => {
    const chains = projectChains(heldPushSession());
    expect(chains.map((c) => fieldValue(c.decision, "verdict"))).toEqual(["allow", "hold"]);
    const push = chains[1]!;
    expect(fieldValue(push.action, "tool")).toBe("git.push");
    expect(push.beliefs).toHaveLength(1);
    expect(fieldValue(push.beliefs[0]!.belief, "statement")).toBe("release notes are ready");
    expect(push.beliefs[0]!.observations.map((o) => o.seq)).toEqual([3]);
    expect(push.resolutions.map((r) => fieldValue(r, "status"))).toEqual(["rejected", "approved"]);
    expect(push.outcomes.map((o) => fieldValue(o, "result"))).toEqual(["pushed"]);
  });

  it("renders a redacted log without the secret, marking what was hidden", () => {
    const redacted = heldPushSession().map((e) => redactEnvelope(e, "internal"));
    const chains = projectChains(redacted);
    const observation = chains[1]!.beliefs[0]!.observations[0]!;
    expect(observation.fields.result).toEqual({ redacted: true, sensitivity: "secret" });
    const text = renderReport(
      {
        summary: summarizeSession(redacted),
        verification: { ok: true, detail: "12 envelopes" },
        ceiling: "internal",
        chains,
      },
      "text",
    );
    expect(text).not.toContain("hunter2");
    expect(text).toContain("[redacted: secret]");
    expect(text).toContain("approved by alice");
  });

  it("ignores parents that are not in the log (a partial log still projects)", () => {
    const envelopes = heldPushSession().filter((e) => e.kind !== "belief");
    const push = projectChains(envelopes)[1]!;
    expect(push.beliefs).toEqual([]);
    expect(fieldValue(push.action, "tool")).toBe("git.push");
  });
});

describe("summarizeSession", () => {
  it("counts verdicts and hold resolutions", () => {
    const summary = summarizeSession(heldPushSession());
    expect(summary).toMatchObject({
      session: "chain-test",
      envelopes: 12,
      verdicts: { allow: 1, deny: 0, hold: 1 },
      holds: { approved: 1, denied: 0, expired: 0, rejectedDecisions: 1 },
      ended: true,
      agents: ["coder"],
    });
  });
});

describe("renderReport", () => {
  it("makes agent content inert in Markdown", () => {
    const s = sessionBuilder();
    const action = s.add("action", { tool: "http.request", args: { url: "<script>alert(1)</script>" } });
    s.add(
      "decision",
      {
        verdict: "deny",
        level: "L2",
        rule: "[click](javascript:alert(1))",
        reason: "<img src=x onerror=alert(1)>",
      },
      [action.id],
    );
    const md = renderReport(
      {
        summary: summarizeSession(s.envelopes),
        verification: { ok: true, detail: "ok" },
        ceiling: "internal",
        chains: projectChains(s.envelopes),
      },
      "md",
    );
    expect(md).not.toMatch(/<script|<img|\]\(javascript/);
    expect(md).toContain("&lt;script&gt;");
  });

  it("json output round-trips the report", () => {
    const envelopes = heldPushSession();
    const report = {
      summary: summarizeSession(envelopes),
      verification: { ok: false, detail: "bad-hash at seq 3" },
      ceiling: "secret",
      chains: projectChains(envelopes),
    };
    expect(JSON.parse(renderReport(report, "json"))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(renderReport(report, "text")).toContain("integrity: FAILED — bad-hash at seq 3");
  });
});
