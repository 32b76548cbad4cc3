import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export interface AgentStep {
  say: string;
  tool: string;
  /** Fixed arguments, or built from earlier results (e.g. to cite an observation id). */
  args: Record<string, unknown> | ((earlier: StepResult[]) => Record<string, unknown>);
  rationale?: { statement: string; confidence: number };
  /** Called while the call waits on a hold (progress notifications from the guard). */
  whileHeld?: () => Promise<void>;
}

export interface StepResult {
  step: AgentStep;
  ok: boolean;
  text: string;
  lodestar: Record<string, unknown> | undefined;
}

/** A scripted agent: a real MCP client (the official SDK) talking to `lodestar run` over stdio. */
export async function runScriptedAgent(
  server: { command: string; args: string[]; cwd: string; env: Record<string, string> },
  steps: AgentStep[],
  on: { start: (step: AgentStep, args: Record<string, unknown>) => void; result: (r: StepResult) => void },
): Promise<StepResult[]> {
  const transport = new StdioClientTransport({ ...server, stderr: "pipe" });
  const client = new Client({ name: "lodestar-demo-agent", version: "1.0.0" });
  await client.connect(transport);
  const results: StepResult[] = [];
  try {
    const listed = await client.listTools();
    const listStep: AgentStep = { say: "lists its tools", tool: "tools/list", args: {} };
    on.start(listStep, {});
    on.result({
      step: listStep,
      ok: true,
      text: listed.tools.map((t) => t.name).join(", "),
      lodestar: undefined,
    });
    for (const step of steps) {
      let held: Promise<void> | undefined;
      const args = typeof step.args === "function" ? step.args(results) : step.args;
      on.start(step, args);
      const result = (await client.callTool(
        {
          name: step.tool,
          arguments: args,
          ...(step.rationale ? { _meta: { lodestar: step.rationale } } : {}),
        },
        undefined,
        {
          timeout: 120_000,
          resetTimeoutOnProgress: true,
          onprogress: () => {
            held ??= step.whileHeld?.();
          },
        },
      )) as CallToolResult;
      await held;
      const text = result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join(" ");
      const r = {
        step,
        ok: result.isError !== true,
        text,
        lodestar: result._meta?.lodestar as Record<string, unknown> | undefined,
      };
      results.push(r);
      on.result(r);
    }
  } finally {
    await client.close();
  }
  return results;
}
