import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  EmptyResultSchema,
  type LoggingLevel,
  PingRequestSchema,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

/**
 * A tool server built with the SDK's McpServer that exercises every MCP feature the proxy must pass
 * through: prompts with completion, resources and templates, logging with levels, tool progress,
 * sampling and elicitation (requests from the server to the agent), and tools/list_changed.
 */
export interface Observed {
  cancelled: string[];
  pings: number;
}

export function featureServer(observed: Observed = { cancelled: [], pings: 0 }): McpServer {
  const mcp = new McpServer(
    { name: "feature-server", version: "3.1.4" },
    { capabilities: { logging: {} }, instructions: "Use echo to test." },
  );
  const names = ["Ada", "Alan", "Grace"];

  mcp.registerPrompt(
    "greet",
    {
      description: "Greets someone",
      argsSchema: { name: completable(z.string(), (value) => names.filter((n) => n.startsWith(value))) },
    },
    ({ name }) => ({
      messages: [{ role: "user", content: { type: "text", text: `Say hello to ${name}.` } }],
    }),
  );
  mcp.registerResource("readme", "test://readme", { mimeType: "text/plain" }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: "text/plain", text: "read me" }],
  }));
  mcp.registerResource(
    "item",
    new ResourceTemplate("test://items/{id}", { list: undefined }),
    {},
    (uri, { id }) => ({
      contents: [{ uri: uri.href, text: `item ${String(id)}` }],
    }),
  );

  mcp.registerTool("echo", { inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: "text", text }],
  }));

  // Shows what reached the tool server: the arguments and the request's _meta.
  mcp.registerTool("inspect", { inputSchema: { value: z.string() } }, ({ value }, extra) => ({
    content: [{ type: "text", text: JSON.stringify({ value, meta: extra._meta ?? null }) }],
  }));

  // Runs until cancelled (or 5 s): shows notifications/cancelled reaching the tool server.
  mcp.registerTool("wait", { inputSchema: { label: z.string() } }, async ({ label }, extra) => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      extra.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        observed.cancelled.push(label);
        resolve();
      });
    });
    return { content: [{ type: "text", text: "waited" }] };
  });

  mcp.registerTool("count", { inputSchema: { to: z.number() } }, async ({ to }, extra) => {
    const progressToken = extra._meta?.progressToken;
    for (let i = 1; i <= to; i++) {
      if (progressToken !== undefined) {
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: i, total: to, message: `step ${i}` },
        });
      }
    }
    return { content: [{ type: "text", text: `counted to ${to}` }] };
  });

  mcp.server.setRequestHandler(PingRequestSchema, () => {
    observed.pings += 1;
    return {};
  });
  mcp.registerTool("ping_agent", {}, async (extra) => {
    await extra.sendRequest({ method: "ping" }, EmptyResultSchema);
    return { content: [{ type: "text", text: "agent answered" }] };
  });

  // The level the agent set with logging/setLevel, which must reach this server to take effect.
  let minimum: LoggingLevel = "debug";
  const order: LoggingLevel[] = [
    "debug",
    "info",
    "notice",
    "warning",
    "error",
    "critical",
    "alert",
    "emergency",
  ];
  mcp.server.setRequestHandler(SetLevelRequestSchema, (request) => {
    minimum = request.params.level;
    return {};
  });
  mcp.registerTool("log", {}, async (extra) => {
    for (const level of ["info", "error"] as const) {
      if (order.indexOf(level) >= order.indexOf(minimum)) {
        await extra.sendNotification({
          method: "notifications/message",
          params: { level, data: `${level} line` },
        });
      }
    }
    return { content: [{ type: "text", text: "logged" }] };
  });

  mcp.registerTool("ask_model", { inputSchema: { question: z.string() } }, async ({ question }, extra) => {
    const answer = await extra.sendRequest(
      {
        method: "sampling/createMessage",
        params: { messages: [{ role: "user", content: { type: "text", text: question } }], maxTokens: 20 },
      },
      CreateMessageResultSchema,
    );
    const text = answer.content.type === "text" ? answer.content.text : "";
    return { content: [{ type: "text", text: `model said: ${text}` }] };
  });

  mcp.registerTool("ask_user", {}, async (extra) => {
    const answer = await extra.sendRequest(
      {
        method: "elicitation/create",
        params: {
          mode: "form",
          message: "Which colour?",
          requestedSchema: {
            type: "object",
            properties: { colour: { type: "string" } },
            required: ["colour"],
          },
        },
      },
      ElicitResultSchema,
    );
    return { content: [{ type: "text", text: `${answer.action}: ${JSON.stringify(answer.content)}` }] };
  });

  mcp.registerTool("grow", {}, async (extra) => {
    mcp.registerTool("late_tool", {}, () => ({ content: [{ type: "text", text: "late" }] }));
    // Related to this request so it travels on its SSE stream (the standalone stream may not be open).
    await extra.sendNotification({ method: "notifications/tools/list_changed" });
    return { content: [{ type: "text", text: "grown" }] };
  });

  return mcp;
}
