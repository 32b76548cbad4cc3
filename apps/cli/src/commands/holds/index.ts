import { type HoldListing, listHolds, loadHome } from "@lodestar/kernel";
import { checkShownHold, DecisionSigningError } from "@lodestar/protocol";
import { parseCommandArgs, printJson } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE = "lodestar holds [--all] [--json]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { all: { type: "boolean" }, json: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const home = await loadHome(ctx.cwd, ctx.env.home);
  // Logs not read (planted, damaged, or a live session's tail not yet under a checkpoint): stderr.
  const listed = await listHolds(home, Date.now(), (u) => ctx.err(`warning: ${u.message}`));
  const holds = listed.filter((h) => parsed.values.all || h.status === "open");
  if (parsed.values.json) {
    printJson(ctx.out, holds);
    return EXIT.ok;
  }
  if (holds.length === 0) {
    ctx.out(parsed.values.all ? "no holds" : "no open holds (--all shows resolved ones)");
    return EXIT.ok;
  }
  for (const h of holds) {
    const left = Math.round((Date.parse(h.expiresAt) - Date.now()) / 1000);
    ctx.out(`${h.holdId}  ${h.status.padEnd(9)} ${h.level}  ${h.tool} ${JSON.stringify(h.args)}`);
    ctx.out(
      `    session ${h.session}, agent ${h.agent}, rule ${h.rule}, ${h.status === "open" ? `expires in ${left}s` : `expired ${h.expiresAt}`}${h.quorum > 1 ? `, needs ${h.quorum} approvers` : ""}${h.approverKeys ? ` (named: ${h.approverKeys.join(", ")})` : ""}`,
    );
    ctx.out(
      `    cwd ${h.cwd ?? "(not recorded)"}, policy ${h.policyDigest?.slice(0, 16) ?? "(not recorded)"}, ${digestCheck(h)}`,
    );
  }
  if (holds.some((h) => h.status === "open"))
    ctx.out("\napprove with: lodestar approve HOLD --key NAME   deny with: lodestar deny HOLD --key NAME");
  return EXIT.ok;
};

/** What `approve` will find when it recomputes the action digest from what is listed here. */
function digestCheck(h: HoldListing): string {
  try {
    checkShownHold(h);
    return `action digest ${h.actionDigest.slice(0, 16)}… matches the call shown`;
  } catch (error) {
    if (!(error instanceof DecisionSigningError)) throw error;
    return error.code === "hold-incomplete"
      ? "recorded without every digest input (older Lodestar): cannot be signed"
      : "ACTION DIGEST DOES NOT MATCH THE CALL SHOWN: do not sign";
  }
}
