import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import { listHolds, loadHome, writeDecisionFile } from "@lodestar/kernel";
import { createDecision, DecisionSigningError, type SignedDecision } from "@lodestar/protocol";
import { parseCommandArgs, printJson, requireString } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command, CommandContext } from "../../context.ts";
import { checkBeforeSigning } from "./check-before-signing.ts";

/**
 * `lodestar approve|deny HOLD --key NAME`: signs a decision with the approver's own key, locally,
 * and drops it into the approvals folder, where the guard that owns the hold verifies it — or, with
 * `--out FILE` / `--out -`, writes it to a file or stdout for any other transport (a USB stick).
 * Before signing, the action digest is recomputed from the hold as shown, and the signed decision
 * is checked against the pinned keys and policy as they are now: a refusal exits 1, writes nothing.
 */
export function decideHold(verdict: "approve" | "deny"): Command {
  const usage = `lodestar ${verdict} HOLD --key NAME [--as IDENTITY] [--reason TEXT] [--out FILE|-] [--json]`;
  return async (argv, ctx) => {
    const parsed = parseCommandArgs(
      argv,
      {
        key: { type: "string" },
        as: { type: "string" },
        reason: { type: "string" },
        out: { type: "string" },
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
    if (parsed.values.out === "")
      throw new CliError("usage", `--out needs a file, or - for stdout\nusage: ${usage}`);
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
    let decision: SignedDecision;
    try {
      decision = createDecision({
        hold,
        verdict,
        secretKey: key.secretKey,
        approver: parsed.values.as ?? keyName,
        ...(parsed.values.reason !== undefined ? { reason: parsed.values.reason } : {}),
      });
    } catch (error) {
      if (!(error instanceof DecisionSigningError)) throw error;
      throw new CliError("rejected", `refusing to sign: ${error.message} (${error.code})`, EXIT.failed);
    }
    await checkBeforeSigning(home, hold, decision, keyName);
    const file = await deliver(decision, parsed.values.out, home.approvalsDir, ctx);
    if (file === undefined) return EXIT.ok; // --out -: stdout holds the decision and nothing else
    if (parsed.values.json) printJson(ctx.out, { file, decision });
    else {
      ctx.out(
        `${verdict === "approve" ? "approved" : "denied"} ${holdId} (${hold.level} ${hold.tool}) as ${decision.approver} with ${decision.keyId}`,
      );
      ctx.out(
        parsed.values.out === undefined
          ? `  decision ${file}; the guard running session ${hold.session} verifies and applies it`
          : `  decision ${file}; copy it into the approvals folder of the guard running session ${hold.session}`,
      );
    }
    return EXIT.ok;
  };
}

/** Writes the decision where it was asked to go; undefined when it went to stdout. */
async function deliver(
  decision: SignedDecision,
  out: string | undefined,
  approvalsDir: string,
  ctx: CommandContext,
): Promise<string | undefined> {
  if (out === undefined) return writeDecisionFile(approvalsDir, decision);
  const text = `${JSON.stringify(decision, null, 2)}\n`;
  if (out === "-") {
    ctx.out(text.trimEnd());
    return undefined;
  }
  const file = resolve(ctx.cwd, out);
  try {
    // wx: never overwrite a file (another decision, or anything else) by accident.
    await writeFile(file, text, { flag: "wx", mode: 0o644 });
  } catch (error) {
    throw new CliError("io", `cannot write ${file}: ${(error as Error).message}`, EXIT.usage, {
      cause: error,
    });
  }
  return file;
}
