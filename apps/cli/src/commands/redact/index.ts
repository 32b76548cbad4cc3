import { existsSync } from "node:fs";
import { copyFile, open, rename, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { redactEnvelope, SENSITIVITIES, type Sensitivity, serializeEnvelope } from "@lodestar/envelope";
import { headFilePath, readLog, verifyLog } from "@lodestar/log";
import { parseCommandArgs, requireString } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { resolveSessionFile, trustedOperatorKeys } from "../../session-source.ts";

const USAGE = "lodestar redact SESSION|FILE --ceiling LEVEL -o OUT [--force]";

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    { ceiling: { type: "string" }, output: { type: "string", short: "o" }, force: { type: "boolean" } },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const ceiling = requireString(parsed.values.ceiling, "--ceiling", USAGE) as Sensitivity;
  if (!SENSITIVITIES.includes(ceiling))
    throw new CliError("usage", `--ceiling is one of ${SENSITIVITIES.join(", ")}`);
  const out = resolve(ctx.cwd, requireString(parsed.values.output, "-o", USAGE));
  if (existsSync(out) && !parsed.values.force)
    throw new CliError("invalid-input", `${out} exists (use --force to replace it)`);
  const { file, home } = await resolveSessionFile(parsed.positionals[0], ctx, USAGE);
  const trustedKeys = await trustedOperatorKeys(home);
  const options = trustedKeys === undefined ? {} : { trustedKeys };
  // Redacting a broken log would launder it into a clean-looking copy: refuse.
  const before = await verifyLog(file, options);
  if (!before.ok)
    throw new CliError(
      "rejected",
      `${file} does not verify (${before.code} at seq ${before.seq}); not redacting`,
      EXIT.failed,
    );
  const tmp = `${out}.tmp-${process.pid}`;
  const handle = await open(tmp, "wx", 0o600);
  let redactedParts = 0;
  try {
    for await (const envelope of readLog(file)) {
      const redacted = redactEnvelope(envelope, ceiling);
      for (const [name, part] of Object.entries(redacted.body))
        if ("redacted" in part && !("redacted" in (envelope.body[name] ?? {}))) redactedParts++;
      await handle.write(`${serializeEnvelope(redacted)}\n`);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  // The redacted copy keeps every hash, so the original's signed head vouches for it too.
  if (existsSync(headFilePath(file))) await copyFile(headFilePath(file), headFilePath(tmp));
  const after = await verifyLog(tmp, options);
  if (!after.ok) {
    await rm(tmp, { force: true });
    await rm(headFilePath(tmp), { force: true });
    throw new CliError(
      "rejected",
      `the redacted copy does not verify (${after.code}): nothing written`,
      EXIT.failed,
    );
  }
  if (existsSync(headFilePath(tmp))) await rename(headFilePath(tmp), headFilePath(out));
  await rename(tmp, out);
  ctx.out(
    `wrote ${out}: ${after.count} envelopes, ${redactedParts} parts above ${ceiling} replaced by their commitments; verifies like the original`,
  );
  return EXIT.ok;
};
