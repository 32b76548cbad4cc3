import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  ListPromptsResultSchema,
  ListRootsRequestSchema,
  ResourceUpdatedNotificationSchema,
  type Root,
} from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connectThroughProxy,
  filesystemServer,
  memoryServer,
  type Proxied,
  tempDir,
  textOf,
} from "./support/harness.ts";
import { makeTestGate } from "./support/test-gate.ts";

describe("proxy: passthrough with the real memory server (resources, subscriptions)", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let session: Proxied | undefined;
  const gate = () =>
    makeTestGate({
      tools: {
        create_entities: { risk: "LOW", verdict: "allow" },
        read_graph: { risk: "LOW", verdict: "allow" },
        delete_entities: { risk: "CRITICAL", verdict: "deny" },
      },
    });

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await dir.remove();
  });

  it("forwards the upstream's resources capability (with subscribe) and lists/reads its resource", async () => {
    session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "graph.jsonl")),
    });
    expect(session.client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true });
    const { resources } = await session.client.listResources();
    expect(resources).toEqual([
      expect.objectContaining({
        uri: "memory://knowledge-graph",
        name: "knowledge-graph",
        mimeType: "application/json",
      }),
    ]);
    const read = await session.client.readResource({ uri: "memory://knowledge-graph" });
    expect(JSON.parse(String((read.contents[0] as { text: string }).text))).toEqual({
      entities: [],
      relations: [],
    });
  });

  it("passes a subscription up and the upstream's resources/updated notification down", async () => {
    session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "graph.jsonl")),
    });
    const updated: string[] = [];
    session.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    await session.client.subscribeResource({ uri: "memory://knowledge-graph" });
    const created = await session.client.callTool({
      name: "create_entities",
      arguments: {
        entities: [{ name: "Ada", entityType: "person", observations: ["wrote the first program"] }],
      },
    });
    expect(created.isError).toBeFalsy();
    await waitFor(() => updated.length > 0);
    expect(updated).toEqual(["memory://knowledge-graph"]);
    const graph = await session.client.callTool({ name: "read_graph", arguments: {} });
    expect(graph.structuredContent).toMatchObject({ entities: [{ name: "Ada", entityType: "person" }] });
  });

  it("answers a method the upstream lacks with the upstream's own error", async () => {
    session = await connectThroughProxy({
      gate: gate(),
      upstream: memoryServer(join(dir.path, "graph.jsonl")),
    });
    // server-memory has no prompts: the proxy does not invent them, the upstream says "not found".
    await expect(session.client.request({ method: "prompts/list" }, ListPromptsResultSchema)).rejects.toThrow(
      /Method not found/,
    );
  });
});

describe("proxy: passthrough with the real filesystem server (roots: server → client requests)", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let session: Proxied | undefined;

  beforeEach(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, "a"));
    await mkdir(join(dir.path, "b"));
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await dir.remove();
  });

  it("lets the upstream ask the agent for roots, and passes roots/list_changed up", async () => {
    const gate = makeTestGate({ tools: { list_allowed_directories: { risk: "LOW", verdict: "allow" } } });
    let roots: Root[] = [{ uri: `file://${join(dir.path, "a")}`, name: "a" }];
    let asked = 0;
    session = await connectThroughProxy({
      gate,
      upstream: filesystemServer(dir.path),
      capabilities: { roots: { listChanged: true } },
      setup: (client) =>
        client.setRequestHandler(ListRootsRequestSchema, async () => {
          asked += 1;
          return { roots };
        }),
    });
    // server-filesystem asks for roots right after its handshake; the answer replaces its CLI root.
    await waitFor(() => asked === 1);
    const allowedA = async () =>
      textOf(await session!.client.callTool({ name: "list_allowed_directories", arguments: {} }));
    await waitFor(async () => (await allowedA()).includes(join(dir.path, "a")));
    expect(await allowedA()).not.toContain(join(dir.path, "b"));

    roots = [{ uri: `file://${join(dir.path, "b")}`, name: "b" }];
    await session.client.sendRootsListChanged();
    await waitFor(() => asked === 2);
    await waitFor(async () => (await allowedA()).includes(join(dir.path, "b")));
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
