import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { type ProxyHandle, startProxy, type UpstreamConfig } from "../../src/index.ts";
import type { RecordingGate } from "./recording-gate.ts";

const require = createRequire(import.meta.url);

function binOf(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "index.js");
}

/** The real filesystem MCP server from npm, rooted at `root`. */
export function filesystemServer(root: string): UpstreamConfig {
  return {
    command: process.execPath,
    args: [binOf("@modelcontextprotocol/server-filesystem"), root],
    stderr: "ignore",
  };
}

/** The real knowledge-graph memory MCP server from npm, storing its graph in `file`. */
export function memoryServer(file: string): UpstreamConfig {
  return {
    command: process.execPath,
    args: [binOf("@modelcontextprotocol/server-memory")],
    env: { MEMORY_FILE_PATH: file },
    stderr: "ignore",
  };
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "lodestar-guard-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface Proxied {
  client: Client;
  proxy: ProxyHandle;
  logs: string[];
  close: () => Promise<void>;
}

/**
 * An agent (the SDK's real Client) connected to the proxy in this process, the proxy connected to a
 * real upstream server. Only the agent↔proxy hop is in memory.
 */
export async function connectThroughProxy(options: {
  gate: RecordingGate;
  upstream: UpstreamConfig;
  capabilities?: ClientCapabilities;
  setup?: (client: Client) => void;
  holdHeartbeatMs?: number;
}): Promise<Proxied> {
  const [agentSide, proxySide] = InMemoryTransport.createLinkedPair();
  const logs: string[] = [];
  const proxy = await startProxy({
    gate: options.gate,
    upstream: options.upstream,
    downstream: proxySide,
    log: (line) => logs.push(line),
    ...(options.holdHeartbeatMs !== undefined && { holdHeartbeatMs: options.holdHeartbeatMs }),
  });
  const client = new Client(
    { name: "test-agent", version: "1.0.0" },
    { capabilities: options.capabilities ?? {} },
  );
  options.setup?.(client);
  await client.connect(agentSide);
  return {
    client,
    proxy,
    logs,
    close: async () => {
      await client.close();
      await proxy.closed;
    },
  };
}

export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
