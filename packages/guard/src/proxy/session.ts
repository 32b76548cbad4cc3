import type { Gate } from "@lodestar/kernel";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type InitializeRequest,
  ListToolsRequestSchema,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import { relayFromDownstream, relayFromUpstream } from "./bridge.ts";
import { callTool } from "./call-tool.ts";
import { type ForwardOptions, forwardRequest } from "./forward.ts";
import type { HandshakeTransport } from "./handshake-transport.ts";
import { listTools } from "./list-tools.ts";
import type { UpstreamTransport } from "./upstream.ts";

export interface SessionOptions {
  gate: Gate;
  forward: ForwardOptions;
  holdHeartbeatMs: number;
  onError: (error: Error) => void;
  /** The upstream connection ended (process exit, HTTP session gone) after its handshake. */
  onUpstreamClosed: () => void;
}

export interface Session {
  client: Client;
  server: Server;
}

/**
 * Connects the upstream as the agent's client would have (its clientInfo and capabilities), then
 * builds the downstream `Server` from what the upstream answered and lets it reply to the agent's
 * held `initialize`. The agent sees the upstream's serverInfo, instructions and capabilities, plus
 * `tools` (the proxy always offers lodestar_note).
 */
export async function openSession(
  initialize: InitializeRequest,
  handshake: HandshakeTransport,
  upstream: UpstreamTransport,
  options: SessionOptions,
): Promise<Session> {
  const { gate, forward, onError } = options;
  let server: Server | undefined;
  let markReady: () => void = () => undefined;
  const downstreamReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const client = new Client(initialize.params.clientInfo, { capabilities: initialize.params.capabilities });
  client.onerror = onError;
  relayFromUpstream(client, () => server!, downstreamReady, forward);
  await client.connect(upstream.transport);
  client.onclose = options.onUpstreamClosed;

  const upstreamCapabilities = client.getServerCapabilities() ?? {};
  const instructions = client.getInstructions();
  server = new Server(client.getServerVersion() ?? { name: "unknown", version: "unknown" }, {
    capabilities: proxiedCapabilities(upstreamCapabilities),
    ...(instructions !== undefined && { instructions }),
  });
  server.onerror = onError;
  server.oninitialized = markReady;
  const toUpstream = relayFromDownstream(server, client, forward, upstreamCapabilities.logging !== undefined);
  const upstreamHasTools = upstreamCapabilities.tools !== undefined;

  server.setRequestHandler(ListToolsRequestSchema, (request, extra) =>
    listTools(
      gate,
      request,
      upstreamHasTools ? () => forwardRequest(toUpstream, request, extra, forward) : undefined,
      onError,
    ),
  );
  const deps = {
    gate,
    sendUpstream: upstreamHasTools ? toUpstream : undefined,
    forward,
    holdHeartbeatMs: options.holdHeartbeatMs,
    onError,
  };
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callTool(deps, request, extra));
  await server.connect(handshake);
  return { client, server };
}

/**
 * The upstream's capabilities, plus `tools`, minus `tasks`: a task-augmented tools/call answers
 * before the tool has run, so the guard could not record its outcome; it is not offered.
 */
function proxiedCapabilities(upstream: ServerCapabilities): ServerCapabilities {
  const { tasks: _notOffered, ...rest } = upstream;
  return { ...rest, tools: { ...upstream.tools } };
}
