import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";

/** Tool names t1..t7, served two per page: a tool server that paginates tools/list. */
export const PAGED_TOOLS = ["t1", "t2", "t3", "t4", "t5", "t6", "t7"];

/** The SDK's low-level Server, paginating tools/list with opaque cursors (McpServer never pages). */
export function pagedServer(pageSize = 2): Server {
  const server = new Server({ name: "paged-server", version: "1.0.0" }, { capabilities: { tools: {} } });
  const tool = (name: string): Tool => ({ name, inputSchema: { type: "object" }, _meta: { page: "kept" } });
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const cursor = request.params?.cursor;
    const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, "base64url").toString());
    if (!Number.isInteger(start) || start < 0 || start >= PAGED_TOOLS.length)
      throw new McpError(-32602, "bad cursor");
    const end = start + pageSize;
    return {
      tools: PAGED_TOOLS.slice(start, end).map(tool),
      ...(end < PAGED_TOOLS.length && { nextCursor: Buffer.from(String(end)).toString("base64url") }),
    };
  });
  server.setRequestHandler(CallToolRequestSchema, (request) => ({
    content: [{ type: "text", text: `ran ${request.params.name}` }],
  }));
  return server;
}
