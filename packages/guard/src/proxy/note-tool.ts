import type { Gate } from "@lodestar/kernel";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { dropUndefined, noteArgumentsSchema } from "../belief.ts";

export const NOTE_TOOL_NAME = "lodestar_note";

/** The one tool the proxy adds: the agent states a belief before it acts, citing what it observed. */
export const noteTool: Tool = {
  name: NOTE_TOOL_NAME,
  title: "State a belief (Lodestar)",
  description:
    "Record a belief you hold before acting: a statement, your confidence from 0 to 1, and the ids of " +
    "the observations it rests on (tool results carry theirs in _meta.lodestar.outcomeId). It runs " +
    "nothing; it is written to the audit log and later compared with outcomes to calibrate confidence.",
  inputSchema: {
    type: "object",
    properties: {
      statement: { type: "string", minLength: 1, maxLength: 4000, description: "What you believe." },
      confidence: { type: "number", minimum: 0, maximum: 1, description: "How sure you are, 0..1." },
      cites: { type: "array", items: { type: "string" }, maxItems: 64, description: "Observation ids." },
    },
    required: ["statement", "confidence"],
    additionalProperties: false,
  },
  outputSchema: {
    type: "object",
    properties: { beliefId: { type: "string" } },
    required: ["beliefId"],
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
};

/** Records the belief through the gate. Bad arguments are a tool error the agent can read and fix. */
export async function callNoteTool(
  gate: Gate,
  args: Record<string, unknown> | undefined,
): Promise<CallToolResult> {
  const parsed = noteArgumentsSchema.safeParse(args ?? {});
  if (!parsed.success) {
    return {
      isError: true,
      content: [{ type: "text", text: `lodestar_note: invalid arguments: ${z.prettifyError(parsed.error)}` }],
    };
  }
  const { id } = await gate.recordBelief(dropUndefined(parsed.data));
  return {
    content: [{ type: "text", text: `Belief recorded as ${id}.` }],
    structuredContent: { beliefId: id },
    _meta: { lodestar: { beliefId: id } },
  };
}
