import { loadPolicyFile, PolicyError } from "@lodestar/policy";
import { parseCommandArgs, printJson } from "../../args.ts";
import { EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { policyFileFor } from "./policy-file.ts";

const USAGE = "lodestar policy check [FILE] [--json]";

export const policyCheck: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { json: { type: "boolean" } }, USAGE, ctx.out);
  if (parsed === undefined) return EXIT.ok;
  const file = await policyFileFor(parsed.positionals[0], ctx);
  try {
    const policy = await loadPolicyFile(file);
    const summary = {
      file,
      ok: true,
      mode: policy.mode,
      tools: policy.source.tools.length,
      rules: policy.source.rules.length,
      digest: policy.digest,
    };
    if (parsed.values.json) printJson(ctx.out, summary);
    else
      ctx.out(
        `ok: ${file}\n  mode ${summary.mode}, ${summary.tools} tools, ${summary.rules} rules\n  digest ${summary.digest}`,
      );
    return EXIT.ok;
  } catch (error) {
    // An unreadable file is a usage mistake (exit 2); a file that reads but is wrong is exit 1.
    if (!(error instanceof PolicyError) || error.code === "read-failed") throw error;
    if (parsed.values.json) printJson(ctx.out, { file, ok: false, code: error.code, message: error.message });
    else ctx.out(`invalid: ${error.message} [${error.code}]`);
    return EXIT.failed;
  }
};
