import type { z } from "zod";
import { ToolError } from "./errors.ts";
import type { ToolDefinition, ToolHints, ToolName, ToolRisk, ToolRunContext } from "./types.ts";

interface ToolSpec<Args, Result extends Record<string, unknown>> {
  name: ToolName;
  description: string;
  risk: ToolRisk;
  inputSchema: z.ZodType<Args>;
  hints: ToolHints;
  riskFor?: (args: Args) => ToolRisk;
  handler: (args: Args, context: ToolRunContext) => Promise<Result>;
}

/** Parses `args` with `schema`; agent arguments are attacker-controlled, so nothing runs unparsed. */
export function parseArgs<Args>(name: string, schema: z.ZodType<Args>, args: unknown): Args {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `${at}: ${issue.message}`;
  });
  throw new ToolError("invalid-argument", `invalid arguments for ${name}: ${issues.join("; ")}`, {
    details: { issues },
  });
}

export function defineTool<Args, Result extends Record<string, unknown>>(
  spec: ToolSpec<Args, Result>,
): ToolDefinition<Args, Result> {
  return {
    name: spec.name,
    description: spec.description,
    risk: spec.risk,
    inputSchema: spec.inputSchema,
    hints: spec.hints,
    riskFor(args) {
      const parsed = spec.inputSchema.safeParse(args ?? {});
      // Unparseable arguments never run, so the default risk is the honest answer for them.
      if (!parsed.success || spec.riskFor === undefined) return spec.risk;
      return spec.riskFor(parsed.data);
    },
    async run(args, context = {}) {
      const parsed = parseArgs(spec.name, spec.inputSchema, args);
      if (context.signal?.aborted)
        throw new ToolError("aborted", `${spec.name} was aborted before it started`);
      return spec.handler(parsed, context);
    },
  };
}
