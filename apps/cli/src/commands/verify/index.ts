import { resolve } from "node:path";
import { type VerifyResult, verifyLog } from "@lodestar/log";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { operatorKeysIn, resolveSessionFile, trustedOperatorKeys } from "../../session-source.ts";

/** One line: usage mistakes print it as the second line of their error. */
const USAGE = "lodestar verify SESSION|FILE [--keys PINNED-KEYS.json] [--json] [--workers N]";

/** --help, after the usage line: where the keys come from, and the exit statuses. */
const HELP = `checkpoints are checked against the operator keys pinned in the Lodestar folder, or in --keys FILE
exit: 0 intact and covered by a pinned checkpoint · 1 tampered (first bad seq) · 2 usage ·
      3 intact but not covered: envelopes follow the last checkpoint signed by a pinned operator
        key (a live session, a writer killed before its next checkpoint, a log cut on a line
        boundary with its .head deleted, lines nobody signed), or no checkpoint at all`;

/** verify's exit statuses (stable: scripts branch on them). */
export const VERIFY_EXIT = { verified: 0, tampered: 1, usage: 2, uncovered: 3 } as const;

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { json: { type: "boolean" }, workers: { type: "string" }, keys: { type: "string" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) {
    ctx.out(HELP);
    return VERIFY_EXIT.verified;
  }
  const workers = workersOf(parsed.values.workers);
  const { file, home, session } = await resolveSessionFile(parsed.positionals[0], ctx, USAGE);
  const keysFile = parsed.values.keys;
  const trustedKeys =
    keysFile === undefined
      ? await trustedOperatorKeys(home)
      : await operatorKeysIn(resolve(ctx.cwd, keysFile));
  const result = await verifyLog(file, {
    ...(trustedKeys === undefined ? {} : { trustedKeys }),
    ...(workers === undefined ? {} : { workers }),
    // A session named on the command line must be that session's log, not a copy of another's.
    ...(session === undefined ? {} : { session }),
  });
  const status = statusOf(result);
  if (parsed.values.json) printJson(ctx.out, { file, ...result });
  else if (result.ok) {
    const signers =
      trustedKeys === undefined
        ? "no pinned operator keys here: signatures checked for consistency only"
        : result.checkpointSignersTrusted || result.headFile === "matched"
          ? "signed by a pinned operator key"
          : "none signed";
    const coverage = {
      covered: `covered up to seq ${result.coveredSeq ?? "-"}`,
      uncovered: `NOT covered after seq ${result.coveredSeq}: seq ${(result.coveredSeq ?? -1) + 1}–${result.head?.seq} follow the last checkpoint`,
      "no-checkpoint": "NOT covered: no checkpoint signs any of it",
    }[result.coverage];
    ctx.out(
      `${status === VERIFY_EXIT.verified ? "ok" : "UNCOVERED"}: ${file}\n  ${result.count} envelopes, head seq ${result.head?.seq ?? "-"} ${result.head?.hash.slice(0, 16) ?? ""}…\n  ${result.checkpoints} checkpoints (${signers}); head file ${result.headFile}; ${coverage}`,
    );
  } else {
    ctx.out(
      `TAMPERED: ${file}\n  first bad seq ${result.seq} (line ${result.line}): ${result.code}: ${result.message}`,
    );
  }
  return status;
};

/**
 * A chain with valid hashes proves only that its lines agree: anyone can build one. It is
 * "verified" only when a checkpoint signature covers it to its last envelope (threat: a planted or
 * truncated log passing as intact, issue 9 finding 5).
 */
function statusOf(result: VerifyResult): number {
  if (!result.ok) return VERIFY_EXIT.tampered;
  return result.coverage === "covered" ? VERIFY_EXIT.verified : VERIFY_EXIT.uncovered;
}

/**
 * --workers: threads that check lines beside this one. Default: one per extra core for a log over
 * 8 MiB, none below; 0 keeps everything on one thread.
 */
function workersOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 64) {
    throw new CliError("usage", `--workers must be a whole number from 0 to 64\nusage: ${USAGE}`);
  }
  return n;
}
