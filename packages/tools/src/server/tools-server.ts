import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { ToolError } from "../errors.ts";
import type { AnyToolDefinition } from "../types.ts";

/** `_meta` key carrying a tool's default risk in `tools/list` (the proxy and policy read it). */
export const RISK_META_KEY = "lodestar/risk";
/** `_meta` key carrying a ToolError code on an `isError` result. */
export const ERROR_CODE_META_KEY = "lodestar/error-code";

export interface ToolsServerOptions {
  name?: string;
  version?: string;
}

/**
 * Exposes tools over MCP (any transport). Arguments are validated by each tool itself, so a
 * bad argument is an `isError` result with code `invalid-argument`, like every other refusal.
 * CRITICAL tools are never listed and never called.
 */
export function createToolsServer(
  tools: readonly AnyToolDefinition[],
  options: ToolsServerOptions = {},
): Server {
  const server = new Server(
    { name: options.name ?? "lodestar-tools", version: options.version ?? "0.1.0" },
    { capabilities: { tools: {} } },
  );
  const visible = tools.filter((tool) => tool.risk !== "CRITICAL");
  const byName = new Map(visible.map((tool) => [tool.name, tool]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: visible.map(
      (tool): Tool => ({
        name: tool.name,
        description: `${tool.description} Risk: ${tool.risk}.`,
        inputSchema: z.toJSONSchema(tool.inputSchema, { io: "input" }) as Tool["inputSchema"],
        annotations: {
          readOnlyHint: tool.hints.readOnly,
          destructiveHint: tool.hints.destructive,
          openWorldHint: tool.hints.openWorld,
        },
        _meta: { [RISK_META_KEY]: tool.risk },
      }),
    ),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name as AnyToolDefinition["name"]);
    try {
      if (tool === undefined) throw new ToolError("unknown-tool", `no tool named ${request.params.name}`);
      // Defense in depth: a call whose own risk is CRITICAL (e.g. shell: true) is refused here too.
      if (tool.riskFor(request.params.arguments ?? {}) === "CRITICAL") {
        throw new ToolError("critical-refused", `this ${tool.name} call is CRITICAL and never runs`);
      }
      const result = await tool.run(request.params.arguments ?? {}, { signal: extra.signal });
      return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
    } catch (error) {
      return toErrorResult(error);
    }
  });
  return server;
}

export function toErrorResult(error: unknown): CallToolResult {
  const toolError =
    error instanceof ToolError
      ? error
      : new ToolError("internal", error instanceof Error ? error.message : String(error), { cause: error });
  const payload = {
    code: toolError.code,
    message: toolError.message,
    ...(toolError.details ? { details: toolError.details } : {}),
  };
  return {
    isError: true,
    content: [{ type: "text", text: `${toolError.code}: ${toolError.message}` }],
    structuredContent: { error: payload },
    _meta: { [ERROR_CODE_META_KEY]: toolError.code },
  };
}
