import type { Gate } from "@lodestar/kernel";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { ProxyError } from "../errors.ts";
import { asError } from "../gated-outcome.ts";
import { HandshakeTransport } from "./handshake-transport.ts";
import { openSession, type Session } from "./session.ts";
import { type UpstreamConfig, upstreamTransport } from "./upstream.ts";

export interface ProxyOptions {
  gate: Gate;
  upstream: UpstreamConfig;
  /** The agent's side. Default: this process's stdin/stdout. */
  downstream?: Transport;
  /** Backstop for one forwarded request that is never answered, reset by progress. Default 10 min. */
  requestTimeoutMs?: number;
  /** How often a held call re-sends progress so the client's timeout stays alive. Default 10 s. */
  holdHeartbeatMs?: number;
  /** One line per event worth an operator's attention. Default: stderr (stdout is the protocol). */
  log?: (line: string) => void;
}

export type ProxyCloseReason = "closed" | "downstream-closed" | "upstream-closed" | "upstream-failed";

export interface ProxyClosed {
  reason: ProxyCloseReason;
  error?: ProxyError;
}

export interface ProxyHandle {
  /** Resolves once, when the proxy has shut down both sides; the reason says which side ended it. */
  readonly closed: Promise<ProxyClosed>;
  close(): Promise<ProxyClosed>;
}

/**
 * Starts the guard proxy. It listens on the downstream at once; the upstream is started when the
 * agent sends `initialize` (it is initialized with the agent's own clientInfo and capabilities).
 * When either side ends, the other is shut down: the agent disconnecting (stdin closed) stops the
 * upstream process; the upstream dying is reported and closes the agent's side.
 */
export async function startProxy(options: ProxyOptions): Promise<ProxyHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`lodestar guard: ${line}\n`));
  const onError = (error: Error): void => log(`error: ${error.message}`);
  const upstream = upstreamTransport(options.upstream);
  const stdio = options.downstream === undefined ? new StdioServerTransport() : undefined;
  const handshake = new HandshakeTransport(options.downstream ?? stdio!);
  let session: Session | undefined;
  let upstreamPid: number | undefined;
  let closing: Promise<ProxyClosed> | undefined;
  let resolveClosed: (closed: ProxyClosed) => void = () => undefined;
  const closed = new Promise<ProxyClosed>((resolve) => {
    resolveClosed = resolve;
  });

  const onStdinEnd = (): void => void shutdown("downstream-closed");
  const shutdown = (reason: ProxyCloseReason, error?: ProxyError): Promise<ProxyClosed> => {
    closing ??= (async () => {
      if (reason === "downstream-closed")
        log(`client disconnected; stopping upstream (${upstream.describe})`);
      if (error !== undefined) log(error.message);
      process.stdin.off("end", onStdinEnd);
      // Let error replies to in-flight requests reach the agent before its side is closed.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.allSettled([session?.server.close() ?? handshake.close(), upstream.shutdown()]);
      const result: ProxyClosed = error === undefined ? { reason } : { reason, error };
      resolveClosed(result);
      return result;
    })();
    return closing;
  };

  handshake.onclose = () => void shutdown("downstream-closed");
  handshake.onerror = onError;
  // The SDK's stdio server transport never reports stdin ending; the agent going away must still
  // stop the upstream process.
  if (stdio !== undefined) process.stdin.once("end", onStdinEnd);

  const sessionOptions = {
    gate: options.gate,
    forward: { timeoutMs: options.requestTimeoutMs ?? 600_000, onError },
    holdHeartbeatMs: options.holdHeartbeatMs ?? 10_000,
    onError,
    onUpstreamClosed: () => {
      const pid = upstreamPid;
      const message = `upstream closed (${upstream.describe}${pid ? `, pid ${pid}` : ""}); closing the proxy`;
      void shutdown("upstream-closed", new ProxyError("upstream-closed", message));
    },
  };
  await handshake.open();
  handshake.initialize.then(
    async (initialize) => {
      try {
        session = await openSession(initialize, handshake, upstream, sessionOptions);
      } catch (cause) {
        const message = `could not start upstream (${upstream.describe}): ${asError(cause).message}`;
        const error = { code: ErrorCode.InternalError, message: `Lodestar guard ${message}` };
        await handshake.send({ jsonrpc: "2.0", id: initialize.id, error }).catch(() => undefined);
        await shutdown("upstream-failed", new ProxyError("upstream-connect-failed", message, { cause }));
        return;
      }
      if (closing !== undefined) {
        await Promise.allSettled([session.client.close(), session.server.close()]);
        return;
      }
      const info = session.client.getServerVersion();
      const pid = upstream.pid();
      upstreamPid = pid;
      log(
        `upstream ${info?.name} ${info?.version} connected (${upstream.describe}${pid ? `, pid ${pid}` : ""})`,
      );
    },
    () => undefined, // The agent left before initializing; onclose has already shut down.
  );

  return { closed, close: () => shutdown("closed") };
}
