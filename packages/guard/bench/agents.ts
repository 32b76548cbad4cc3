import type { Gate } from "@lodestar/kernel";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, type StdioServerParameters } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type ProxyHandle, startProxy, type UpstreamConfig } from "../src/index.ts";

/** The bench's agents (SDK clients) and in-process proxies, so one call closes them all. */
export class BenchAgents {
  readonly #clients: Client[] = [];
  readonly #proxies: ProxyHandle[] = [];
  readonly #after: Array<() => Promise<void>> = [];

  /** An agent connected to a server process over stdio, or to an in-memory transport. */
  async connect(to: StdioServerParameters | InMemoryTransport): Promise<Client> {
    const client = new Client({ name: "bench-agent", version: "1.0.0" });
    await client.connect(to instanceof InMemoryTransport ? to : new StdioClientTransport(to));
    this.#clients.push(client);
    return client;
  }

  /** An agent talking in memory to a proxy in this process, which decides through `gate`. */
  async proxied(gate: Gate, upstream: UpstreamConfig): Promise<Client> {
    const [agentSide, proxySide] = InMemoryTransport.createLinkedPair();
    this.#proxies.push(await startProxy({ gate, upstream, downstream: proxySide, log: () => undefined }));
    return this.connect(agentSide);
  }

  /** Runs once every agent and proxy has closed (e.g. closing a kernel the proxies used). */
  afterClose(fn: () => Promise<void>): void {
    this.#after.push(fn);
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.close()));
    await Promise.all(this.#proxies.map((p) => p.closed));
    for (const fn of this.#after) await fn();
  }
}

/** Hosts an SDK server in this process and returns the client end of its in-memory transport. */
export async function inMemoryUpstream(server: McpServer): Promise<InMemoryTransport> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  return clientSide;
}
