import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/**
 * An SDK McpServer with a `read_graph` tool returning a fixed few-KB graph: hosted in the bench's own
 * process over in-memory transports, it takes process scheduling and pipes out of the comparison and
 * leaves the proxy's own per-call cost (SDK framing and validation, the gate's work).
 */
export function inMemoryGraphServer(graph: unknown): McpServer {
  const mcp = new McpServer({ name: "in-memory-graph", version: "1.0.0" });
  const text = JSON.stringify(graph, null, 2);
  mcp.registerTool("read_graph", {}, () => ({ content: [{ type: "text", text }] }));
  return mcp;
}

/**
 * The same idea for the real kernel: a `read_text_file` tool (the reference filesystem server's
 * name, LOW in the default policy) that returns fixed text, so the kernel's own per-call cost
 * (resolving the path, deciding, appending and fsyncing the records) is all that is added.
 */
export function inMemoryFileServer(text: string): McpServer {
  const mcp = new McpServer({ name: "in-memory-file", version: "1.0.0" });
  mcp.registerTool("read_text_file", { inputSchema: { path: z.string() } }, () => ({
    content: [{ type: "text", text }],
  }));
  return mcp;
}
