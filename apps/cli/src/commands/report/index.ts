import { projectChains, type ReportFormat, renderReport, summarizeSession } from "@lodestar/chain";
import { type Envelope, redactEnvelope, SENSITIVITIES, type Sensitivity } from "@lodestar/envelope";
import { readLog, type VerifyOk, verifyLog } from "@lodestar/log";
import { parseCommandArgs } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { resolveSessionFile, trustedOperatorKeys } from "../../session-source.ts";

const USAGE =
  "lodestar report SESSION|FILE [--format text|md|json] [--ceiling public|internal|confidential|secret]";
const FORMATS: readonly ReportFormat[] = ["text", "md", "json"];

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { format: { type: "string" }, ceiling: { type: "string" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const format = (parsed.values.format ?? "text") as ReportFormat;
  if (!FORMATS.includes(format)) throw new CliError("usage", `--format is one of ${FORMATS.join(", ")}`);
  // A report is often pasted somewhere: by default it shows nothing above `internal`.
  const ceiling = (parsed.values.ceiling ?? "internal") as Sensitivity;
  if (!SENSITIVITIES.includes(ceiling))
    throw new CliError("usage", `--ceiling is one of ${SENSITIVITIES.join(", ")}`);
  const { file, home, session } = await resolveSessionFile(parsed.positionals[0], ctx, USAGE);
  const trustedKeys = await trustedOperatorKeys(home);
  const verification = await verifyLog(file, {
    ...(trustedKeys === undefined ? {} : { trustedKeys }),
    ...(session === undefined ? {} : { session }),
  });
  const envelopes: Envelope[] = [];
  // Rendered only up to the first break when the log is damaged: nothing after it is vouched for.
  const limit = verification.ok ? Number.POSITIVE_INFINITY : verification.seq;
  try {
    for await (const envelope of readLog(file)) {
      if (envelope.seq >= limit) break;
      envelopes.push(redactEnvelope(envelope, ceiling));
    }
  } catch {
    // A malformed line ends the readable prefix; the verification line already says where.
  }
  const detail = verification.ok
    ? `${verification.count} envelopes, ${verification.checkpoints} checkpoints${verification.checkpointSignersTrusted ? " signed by a pinned operator key" : ""}${coverageNote(verification)}`
    : `${verification.code} at seq ${verification.seq} (line ${verification.line}): ${verification.message}`;
  ctx.out(
    renderReport(
      {
        summary: summarizeSession(envelopes),
        verification: { ok: verification.ok, detail },
        ceiling,
        chains: projectChains(envelopes),
      },
      format,
    ),
  );
  return verification.ok ? EXIT.ok : EXIT.failed;
};

/** Whether a signature vouches for the whole log: a chain alone proves no authorship (ADR 0019). */
function coverageNote(v: VerifyOk): string {
  if (v.coverage === "covered") return "";
  if (v.coverage === "no-checkpoint") return "; NOT covered: no checkpoint signs any of it";
  return `; NOT covered after seq ${v.coveredSeq}: later envelopes follow the last checkpoint`;
}
