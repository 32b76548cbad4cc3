import { readSecretKeyFile } from "@lodestar/crypto";
import { listHolds, loadHome, writeDecisionFile } from "@lodestar/kernel";
import { createDecision } from "@lodestar/protocol";
import { parseCommandArgs, printJson, requireString } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

/**
 * `lodestar approve|deny HOLD --key NAME`: signs a decision with the approver's own key, locally,
 * and drops it into the approvals folder, where the guard that owns the hold verifies it.
 */
export function decideHold(verdict: "approve" | "deny"): Command {
  const usage = `lodestar ${verdict} HOLD --key NAME [--as IDENTITY] [--reason TEXT] [--json]`;
  return async (argv, ctx) => {
    const parsed = parseCommandArgs(
      argv,
      {
        key: { type: "string" },
        as: { type: "string" },
        reason: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
      ctx.out,
    );
    if (parsed === undefined) return EXIT.ok;
    const holdId = parsed.positionals[0];
    if (holdId === undefined)
      throw new CliError("usage", `a hold id is required (see \`lodestar holds\`)\nusage: ${usage}`);
    const keyName = requireString(parsed.values.key, "--key", usage);
    const home = await loadHome(ctx.cwd, ctx.env.home);
    const hold = (await listHolds(home)).find((h) => h.holdId === holdId);
    if (hold === undefined) throw new CliError("not-found", `no hold ${holdId} in ${home.sessionsDir}`);
    if (hold.status !== "open")
      throw new CliError(
        "rejected",
        `hold ${holdId} is ${hold.status}; it can no longer be decided`,
        EXIT.failed,
      );
    const key = await readSecretKeyFile(home.keyFile(keyName));
    const decision = createDecision({
      hold,
      verdict,
      secretKey: key.secretKey,
      approver: parsed.values.as ?? keyName,
      ...(parsed.values.reason !== undefined ? { reason: parsed.values.reason } : {}),
    });
    const file = await writeDecisionFile(home.approvalsDir, decision);
    if (parsed.values.json) printJson(ctx.out, { file, decision });
    else {
      ctx.out(
        `${verdict === "approve" ? "approved" : "denied"} ${holdId} (${hold.level} ${hold.tool}) as ${decision.approver} with ${decision.keyId}`,
      );
      ctx.out(`  decision ${file}; the guard running session ${hold.session} verifies and applies it`);
    }
    return EXIT.ok;
  };
}
