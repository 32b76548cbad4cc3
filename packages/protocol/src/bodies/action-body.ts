import { z } from "zod";
import { argumentsObject, toolName, withArgParts } from "./body-fields.ts";

/**
 * Body of an `action` envelope: the call the agent proposed and, once resolved, what would run.
 * A call refused before resolution (no policy, the guard closing) has only `tool` and `proposed`.
 * Raised arguments are `args.<name>` / `proposed.<name>` parts (args-parts.ts).
 */
export const actionBodySchema = withArgParts(
  {
    tool: toolName,
    /** The agent's arguments as sent (its raised arguments in their own parts). */
    proposed: argumentsObject,
    /** The resolved arguments that run and that the action digest binds (real paths, defaults). */
    args: argumentsObject.optional(),
    /** Real working directory of the call. */
    cwd: z.string().min(1).optional(),
  },
  ["args", "proposed"],
);

export type ActionBody = z.output<typeof actionBodySchema>;
