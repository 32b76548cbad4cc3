import { JsonParseError, parseStrict } from "@lodestar/jcs";
import {
  findHomeRoot,
  LadderProjection,
  loadHome,
  projectLadder,
  protectedAnchorsOf,
} from "@lodestar/kernel";
import { decide, loadPolicyFile, replayLadder, resolveCall, rungOf } from "@lodestar/policy";
import { parseCommandArgs, printJson, requireString } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { policyFileFor } from "./policy-file.ts";

const USAGE = "lodestar policy explain --tool T --args JSON [--agent A] [--policy FILE] [--json]";

export const policyExplain: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      tool: { type: "string" },
      args: { type: "string" },
      agent: { type: "string" },
      policy: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const { values } = parsed;
  const tool = requireString(values.tool, "--tool", USAGE);
  let args: unknown;
  try {
    args = parseStrict(values.args ?? "{}");
  } catch (error) {
    const where = error instanceof JsonParseError ? ` at offset ${error.offset}` : "";
    throw new CliError(
      "invalid-input",
      `--args is not valid strict JSON${where}: ${(error as Error).message}`,
    );
  }
  if (args === null || typeof args !== "object" || Array.isArray(args))
    throw new CliError("invalid-input", "--args must be a JSON object");
  const policy = await loadPolicyFile(await policyFileFor(values.policy, ctx));
  const home =
    findHomeRoot(ctx.cwd, ctx.env.home) === undefined ? undefined : await loadHome(ctx.cwd, ctx.env.home);
  const agent = values.agent ?? "agent";
  // The rung comes from the same replay the guard does, so explain says what the guard would do now.
  // The rung a guard would derive: only covered logs, only verified approvals (projectLadder).
  const ladder =
    home === undefined ? new LadderProjection(() => undefined) : (await projectLadder(home)).projection;
  const now = Date.now();
  const resolved = resolveCall(
    policy,
    { tool, args: args as Record<string, unknown> },
    // The guard's own anchors, so explain shows the built-in protected-anchor rule as the guard applies it.
    home === undefined
      ? { workspace: ctx.cwd }
      : { workspace: home.workspace, protected: protectedAnchorsOf(home) },
  );
  const rung = rungOf(replayLadder(ladder.events, policy.source.ladder, now), agent, resolved.capability);
  const d = decide(policy, resolved, { agent, rung, now });
  if (values.json) printJson(ctx.out, { tool, args, agent, ...d });
  else {
    ctx.out(`${d.verdict.toUpperCase()}  ${tool}  level ${d.level} (${d.risk})  rule ${d.rule}`);
    ctx.out(`  why: ${d.reason}`);
    ctx.out(
      `  agent ${agent} at rung ${d.rung} for capability ${d.capability}; policy ${d.policyDigest.slice(0, 16)}…${d.mode === "observe" ? " (observe mode: it would run anyway)" : ""}`,
    );
    if (d.constrainedArgs)
      ctx.out(
        `  runs as: ${JSON.stringify(d.constrainedArgs)} (rewritten by ${d.constrainedBy?.join(", ")})`,
      );
    if (d.hold)
      ctx.out(
        `  hold: expires after ${Math.round(d.hold.ttlMs / 1000)}s; quorum ${d.hold.quorum}; approvers ${d.hold.approverKeys?.join(", ") ?? "any pinned key for the level"}`,
      );
  }
  return EXIT.ok;
};
