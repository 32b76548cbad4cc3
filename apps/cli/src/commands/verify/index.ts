import { verifyLog } from "@lodestar/log";
import { parseCommandArgs, printJson } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { resolveSessionFile, trustedOperatorKeys } from "../../session-source.ts";

const USAGE = "lodestar verify SESSION|FILE [--json]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { json: { type: "boolean" } }, USAGE, ctx.out);
  if (parsed === undefined) return EXIT.ok;
  const { file, home } = await resolveSessionFile(parsed.positionals[0], ctx, USAGE);
  const trustedKeys = await trustedOperatorKeys(home);
  const result = await verifyLog(file, trustedKeys === undefined ? {} : { trustedKeys });
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
