import type { Gate } from "@lodestar/kernel";
import type { ListToolsRequest, Result } from "@modelcontextprotocol/sdk/types.js";
import { NOTE_TOOL_NAME, noteTool } from "./note-tool.ts";

/**
 * Filters one page of the upstream's tools/list through `gate.visibility` and adds `lodestar_note`
 * to the first page. The cursor goes upstream untouched and `nextCursor` comes back untouched, so
 * pagination keeps working (a filtered page may be shorter, or empty, with a cursor still set).
 */
export async function listTools(
  gate: Gate,
  request: ListToolsRequest,
  fetchPage: (() => Promise<Result>) | undefined,
  onError: (error: Error) => void,
): Promise<Result> {
  const page: Result = fetchPage === undefined ? { tools: [] } : await fetchPage();
  const upstreamTools: unknown[] = Array.isArray(page["tools"]) ? page["tools"] : [];
  const tools = upstreamTools.filter((tool) => isShown(gate, tool, onError));
  const firstPage = request.params?.cursor === undefined;
  return { ...page, tools: firstPage ? [...tools, noteTool] : tools };
}

function isShown(gate: Gate, tool: unknown, onError: (error: Error) => void): boolean {
  // The upstream's list is parsed defensively: an entry without a string name cannot be governed.
  if (typeof tool !== "object" || tool === null) return false;
  const name = (tool as { name?: unknown }).name;
  if (typeof name !== "string") return false;
  // An upstream tool named like ours would shadow lodestar_note and capture the agent's beliefs.
  if (name === NOTE_TOOL_NAME) return false;
  try {
    // Threat: an agent must never see a CRITICAL tool (nor HIGH unless opted in); the gate decides.
    return gate.visibility(name) === "listed";
  } catch (error) {
    // Fail closed: a tool whose visibility cannot be established is not shown.
    onError(error instanceof Error ? error : new Error(String(error)));
    return false;
  }
}
