import { loadHome, projectLadder } from "@lodestar/kernel";
import { loadPolicyFile, replayLadder } from "@lodestar/policy";
import { parseCommandArgs, printJson } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE = "lodestar ladder [--agent A] [--json]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { agent: { type: "string" }, json: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const policy = await loadPolicyFile(home.policyFile);
  // Derived by replaying the logs, exactly as the guard does: there is no other ladder state.
  // Only logs a pinned operator checkpoint covers are read, and approvals count only if their
  // signed decisions verify; what was left out is reported (stderr, or `warnings` in JSON).
  const { projection, untrusted } = await projectLadder(home);
  const warnings = [
    ...untrusted.map((u) => u.message),
    ...projection.unverifiedGrants.map(
      (g) =>
        `${g}: an approved grant whose signed decisions do not verify under the pinned keys; not counted`,
    ),
  ];
  const state = replayLadder(projection.events, policy.source.ladder, Date.now());
  const agent = parsed.values.agent;
  const capabilities = state.capabilities.filter((c) => agent === undefined || c.agent === agent);
  const agents = state.agents.filter((a) => agent === undefined || a.agent === agent);
  for (const w of warnings) ctx.err(`warning: ${w}`);
  if (parsed.values.json) {
    printJson(ctx.out, { initialRung: state.initialRung, agents, capabilities, warnings });
    return EXIT.ok;
  }
  if (agents.length === 0)
    ctx.out(`no history${agent ? ` for ${agent}` : ""}; new agents start at rung ${state.initialRung}`);
  for (const a of agents) {
    ctx.out(`${a.agent} (model ${a.model ?? "unknown"}): new capabilities start at rung ${a.startRung}`);
    for (const c of capabilities.filter((c) => c.agent === a.agent)) {
      const e = c.evidence;
      const rate = e.approvalRate === null ? "-" : `${Math.round(e.approvalRate * 100)}%`;
      ctx.out(
        `  ${c.capability.padEnd(16)} rung ${c.rung}  ${e.approvedOutcomes} approved outcomes, approval rate ${rate}, ${e.denials} denials, ${e.incidents} incidents, ${e.anomalies} anomalies, ${e.days.toFixed(1)} days`,
      );
      if (c.reasons.length > 0) ctx.out(`    history: ${c.reasons.join("; ")}`);
      if (c.next !== null) ctx.out(`    next rung needs: ${c.next}`);
    }
  }
  return EXIT.ok;
};
