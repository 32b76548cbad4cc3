import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  PingRequestSchema,
  type Progress,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { featureServer, type Observed } from "./support/feature-server.ts";
import { connectThroughProxy, type Proxied, textOf } from "./support/harness.ts";
import { serveHttp } from "./support/http-server.ts";
import { PAGED_TOOLS, pagedServer } from "./support/paged-server.ts";
import { makeTestGate } from "./support/test-gate.ts";

// A real SDK McpServer on 127.0.0.1 over streamable HTTP, behind the proxy.
describe("proxy: streamable-HTTP upstream (SDK McpServer)", () => {
  let http: Awaited<ReturnType<typeof serveHttp>>;
  let session: Proxied | undefined;
  const observed: Observed = { cancelled: [], pings: 0 };
  const gate = () =>
    makeTestGate({
      tools: {},
      fallback: { risk: "LOW", verdict: "allow", rule: "allow-all" },
    });

  beforeEach(async () => {
    observed.cancelled.length = 0;
    observed.pings = 0;
    http = await serveHttp(() => featureServer(observed));
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await http.close();
  });

  it("initializes through to the remote server: serverInfo, instructions, capabilities", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    expect(session.client.getServerVersion()).toMatchObject({ name: "feature-server", version: "3.1.4" });
    expect(session.client.getInstructions()).toBe("Use echo to test.");
    const caps = session.client.getServerCapabilities();
    expect(caps?.logging).toBeDefined();
    expect(caps?.prompts).toBeDefined();
    expect(caps?.resources).toBeDefined();
    expect(caps?.completions).toBeDefined();
    expect(http.sessions()).toBe(1);
  });

  it("calls a tool on the remote server through the gate", async () => {
    const g = gate();
    session = await connectThroughProxy({ gate: g, upstream: { url: http.url } });
    const result = await session.client.callTool({ name: "echo", arguments: { text: "over http" } });
    expect(textOf(result)).toBe("over http");
    expect(g.evaluations.map((e) => e.call)).toEqual([{ tool: "echo", args: { text: "over http" } }]);
    expect(g.outcomes).toHaveLength(1);
  });

  it("keeps the agent's rationale from the tool server but forwards the rest of _meta", async () => {
    const g = gate();
    session = await connectThroughProxy({ gate: g, upstream: { url: http.url } });
    const result = await session.client.callTool({
      name: "inspect",
      arguments: { value: "v" },
      _meta: { lodestar: { statement: "inspect is harmless", confidence: 0.9 }, "example.com/trace": "t-1" },
    });
    expect(JSON.parse(textOf(result))).toEqual({ value: "v", meta: { "example.com/trace": "t-1" } });
    expect(g.evaluations[0]?.call.rationale).toEqual({ statement: "inspect is harmless", confidence: 0.9 });
  });

  it("passes the agent's cancellation of a running call on to the tool server", async () => {
    const g = gate();
    session = await connectThroughProxy({ gate: g, upstream: { url: http.url } });
    const controller = new AbortController();
    const call = session.client.callTool({ name: "wait", arguments: { label: "w1" } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(() => g.evaluations.length === 1);
    setTimeout(() => controller.abort("stop waiting"), 100);
    await expect(call).rejects.toThrow(/stop waiting/);
    await waitFor(() => observed.cancelled.length === 1);
    expect(observed.cancelled).toEqual(["w1"]);
    await waitFor(() => g.outcomes.length === 1);
    expect(g.outcomes[0]?.outcome.ok).toBe(false);
  });

  it("forwards ping both ways instead of answering it itself", async () => {
    let agentPinged = 0;
    session = await connectThroughProxy({
      gate: gate(),
      upstream: { url: http.url },
      setup: (client) =>
        client.setRequestHandler(PingRequestSchema, () => {
          agentPinged += 1;
          return {};
        }),
    });
    await expect(session.client.ping()).resolves.toEqual({});
    expect(observed.pings).toBe(1);
    const result = await session.client.callTool({ name: "ping_agent", arguments: {} });
    expect(textOf(result)).toBe("agent answered");
    expect(agentPinged).toBe(1);
  });

  it("passes prompts/list, prompts/get and completion/complete through", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["greet"]);
    const prompt = await session.client.getPrompt({ name: "greet", arguments: { name: "Ada" } });
    expect(prompt.messages[0]?.content).toEqual({ type: "text", text: "Say hello to Ada." });
    const completion = await session.client.complete({
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "name", value: "A" },
    });
    expect(completion.completion.values).toEqual(["Ada", "Alan"]);
  });

  it("passes resources/list, resources/templates/list and resources/read through", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    expect((await session.client.listResources()).resources.map((r) => r.uri)).toEqual(["test://readme"]);
    const templates = await session.client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(["test://items/{id}"]);
    const item = await session.client.readResource({ uri: "test://items/42" });
    expect(item.contents[0]).toMatchObject({ text: "item 42" });
  });

  it("passes logging/setLevel up and notifications/message down", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    const messages: unknown[] = [];
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push(n.params.data);
    });
    await session.client.callTool({ name: "log", arguments: {} });
    await waitFor(() => messages.length === 2);
    expect(messages).toEqual(["info line", "error line"]);
    messages.length = 0;
    await session.client.setLoggingLevel("error");
    await session.client.callTool({ name: "log", arguments: {} });
    await waitFor(() => messages.length === 1);
    expect(messages).toEqual(["error line"]);
  });

  it("relays the tool's own progress to the agent on the agent's token", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    const progress: Progress[] = [];
    const result = await session.client.callTool({ name: "count", arguments: { to: 3 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    expect(textOf(result)).toBe("counted to 3");
    expect(progress.map((p) => [p.progress, p.total, p.message])).toEqual([
      [1, 3, "step 1"],
      [2, 3, "step 2"],
      [3, 3, "step 3"],
    ]);
  });

  it("passes the server's sampling/createMessage request to the agent and the answer back", async () => {
    const asked: string[] = [];
    session = await connectThroughProxy({
      gate: gate(),
      upstream: { url: http.url },
      capabilities: { sampling: {} },
      setup: (client) =>
        client.setRequestHandler(CreateMessageRequestSchema, (request) => {
          const content = request.params.messages[0]?.content;
          asked.push(content && "text" in content ? String(content.text) : "");
          return { role: "assistant", model: "test-model", content: { type: "text", text: "forty-two" } };
        }),
    });
    const result = await session.client.callTool({ name: "ask_model", arguments: { question: "meaning?" } });
    expect(asked).toEqual(["meaning?"]);
    expect(textOf(result)).toBe("model said: forty-two");
  });

  it("passes the server's elicitation/create request to the agent and the answer back", async () => {
    session = await connectThroughProxy({
      gate: gate(),
      upstream: { url: http.url },
      capabilities: { elicitation: { form: {} } },
      setup: (client) =>
        client.setRequestHandler(ElicitRequestSchema, (request) => {
          expect(request.params.message).toBe("Which colour?");
          return { action: "accept", content: { colour: "teal" } };
        }),
    });
    const result = await session.client.callTool({ name: "ask_user", arguments: {} });
    expect(textOf(result)).toBe('accept: {"colour":"teal"}');
  });

  it("passes notifications/tools/list_changed down; the re-list is filtered again", async () => {
    const g = makeTestGate({
      tools: { late_tool: { risk: "CRITICAL", verdict: "deny" } },
      fallback: { risk: "LOW", verdict: "allow" },
    });
    session = await connectThroughProxy({ gate: g, upstream: { url: http.url } });
    let changed = 0;
    session.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed += 1;
    });
    const grown = await session.client.callTool({ name: "grow", arguments: {} });
    expect(textOf(grown)).toBe("grown");
    await waitFor(() => changed > 0);
    const names = (await session.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("grow");
    expect(names).not.toContain("late_tool");
  });

  it("ends the remote session when the agent disconnects", async () => {
    session = await connectThroughProxy({ gate: gate(), upstream: { url: http.url } });
    expect(http.sessions()).toBe(1);
    await session.close();
    session = undefined;
    await waitFor(() => http.sessions() === 0);
  });
});

describe("proxy: tools/list pagination (SDK low-level Server over HTTP)", () => {
  it("keeps cursors working while filtering each page; lodestar_note only on the first", async () => {
    const http = await serveHttp(() => pagedServer(2));
    const gate = makeTestGate({
      tools: { t3: { risk: "CRITICAL", verdict: "deny" }, t4: { risk: "HIGH", verdict: "deny" } },
      fallback: { risk: "LOW", verdict: "allow" },
    });
    const session = await connectThroughProxy({ gate, upstream: { url: http.url } });
    try {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await session.client.listTools(cursor === undefined ? {} : { cursor });
        pages.push(page.tools.map((t) => t.name));
        cursor = page.nextCursor;
        for (const t of page.tools.filter((t) => t.name.startsWith("t")))
          expect(t._meta).toEqual({ page: "kept" });
      } while (cursor !== undefined);
      expect(pages).toEqual([["t1", "t2", "lodestar_note"], [], ["t5", "t6"], ["t7"]]);
      expect(pages.flat().filter((n) => PAGED_TOOLS.includes(n))).toEqual(["t1", "t2", "t5", "t6", "t7"]);
    } finally {
      await session.close();
      await http.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
