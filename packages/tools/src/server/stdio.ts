import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createTools } from "../create-tools.ts";
import type { CreateToolsOptions } from "../options.ts";
import { createToolsServer, type ToolsServerOptions } from "./tools-server.ts";

/** Entry point for `lodestar tools`: the tools as an MCP server on stdin/stdout. */
export async function runToolsServerStdio(
  options: CreateToolsOptions & { server?: ToolsServerOptions },
): Promise<{ close(): Promise<void> }> {
  const { server: serverOptions, ...toolOptions } = options;
  const server = createToolsServer(createTools(toolOptions), serverOptions);
  await server.connect(new StdioServerTransport());
  return { close: () => server.close() };
}
