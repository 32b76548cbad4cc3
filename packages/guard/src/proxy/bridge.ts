import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { PingRequestSchema, ResultSchema, SetLevelRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { type ForwardOptions, forwardRequest, type SendRequest } from "./forward.ts";

// Everything the guard does not govern passes through unchanged, both ways: resources/*, prompts/*,
// completion, logging, ping, list_changed and other notifications; and the tool server's own
// requests to the agent (sampling/createMessage, elicitation/create, roots/list). tools/list and
// tools/call are registered as specific handlers (the governed path), so the SDK routes them there
// and everything else falls through to the fallback handlers installed here.

/** Agent → tool server. Installed on the downstream `Server` before it is connected. */
export function relayFromDownstream(
  server: Server,
  client: Client,
  forward: ForwardOptions,
  upstreamHasLogging: boolean,
): SendRequest {
  const toUpstream: SendRequest = (request, options) => client.request(request, ResultSchema, options);
  server.fallbackRequestHandler = (request, extra) => forwardRequest(toUpstream, request, extra, forward);
  server.fallbackNotificationHandler = (notification) => client.notification(notification);
  // The SDK answers ping and logging/setLevel itself by default; a proxy that did so would tell the
  // agent the tool server is alive, or has changed its log level, when it has not.
  server.setRequestHandler(PingRequestSchema, (request, extra) =>
    forwardRequest(toUpstream, request, extra, forward),
  );
  if (upstreamHasLogging) {
    server.setRequestHandler(SetLevelRequestSchema, (request, extra) =>
      forwardRequest(toUpstream, request, extra, forward),
    );
  }
  return toUpstream;
}

/**
 * Tool server → agent. Installed on the upstream `Client` before it connects, because the tool server
 * may ask as soon as its own handshake is done (server-filesystem asks roots/list at once). Nothing is
 * sent to the agent until it has finished *its* handshake (`downstreamReady`), by which time the
 * downstream `Server` exists.
 */
export function relayFromUpstream(
  client: Client,
  downstream: () => Server,
  downstreamReady: Promise<void>,
  forward: ForwardOptions,
): void {
  const toDownstream: SendRequest = (request, options) =>
    downstream().request(request, ResultSchema, options);
  client.fallbackRequestHandler = async (request, extra) => {
    await downstreamReady;
    return forwardRequest(toDownstream, request, extra, forward);
  };
  client.fallbackNotificationHandler = async (notification) => {
    await downstreamReady;
    await downstream().notification(notification);
  };
  client.setRequestHandler(PingRequestSchema, async (request, extra) => {
    await downstreamReady;
    return forwardRequest(toDownstream, request, extra, forward);
  });
}
