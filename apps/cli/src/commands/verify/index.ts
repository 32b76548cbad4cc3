import { verifyLog } from "@lodestar/log";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { resolveSessionFile, trustedOperatorKeys } from "../../session-source.ts";

const USAGE = "lodestar verify SESSION|FILE [--json] [--workers N]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { json: { type: "boolean" }, workers: { type: "string" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const workers = workersOf(parsed.values.workers);
  const { file, home } = await resolveSessionFile(parsed.positionals[0], ctx, USAGE);
  const trustedKeys = await trustedOperatorKeys(home);
  const result = await verifyLog(file, {
    ...(trustedKeys === undefined ? {} : { trustedKeys }),
    ...(workers === undefined ? {} : { workers }),
  });
  if (parsed.values.json) printJson(ctx.out, { file, ...result });
  else if (result.ok) {
    const signers = result.checkpointSignersTrusted
      ? "signed by a pinned operator key"
      : "signer not pinned here: consistency only";
    ctx.out(
      `ok: ${file}\n  ${result.count} envelopes, head seq ${result.head?.seq ?? "-"} ${result.head?.hash.slice(0, 16) ?? ""}…\n  ${result.checkpoints} checkpoints (${signers}); head file ${result.headFile}`,
    );
  } else {
    ctx.out(
      `TAMPERED: ${file}\n  first bad seq ${result.seq} (line ${result.line}): ${result.code}: ${result.message}`,
    );
  }
  return result.ok ? EXIT.ok : EXIT.failed;
};

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
