import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";

/** A tool server the proxy spawns and speaks to over stdio. */
export interface StdioUpstream {
  command: string;
  args?: string[];
  /**
   * Added to a minimal inherited environment (HOME, PATH, SHELL, TERM, USER, LOGNAME): the agent's or
   * operator's other secrets in the proxy's environment are not handed to the tool server.
   */
  env?: Record<string, string>;
  cwd?: string;
  /** Where the tool server's stderr goes: the proxy's own stderr (default), or nowhere. */
  stderr?: "inherit" | "ignore";
}

/** A remote tool server reached over MCP streamable HTTP. */
export interface HttpUpstream {
  url: string | URL;
  headers?: Record<string, string>;
}

/** A tool server already reachable through an SDK transport (e.g. one hosted in this process). */
export interface TransportUpstream {
  transport: Transport;
  /** How logs name it. Default "in-process transport". */
  name?: string;
}

export type UpstreamConfig = StdioUpstream | HttpUpstream | TransportUpstream;

export interface UpstreamTransport {
  transport: Transport;
  /** The spawned process id, for stdio upstreams. */
  pid(): number | undefined;
  /** Ends the upstream side: ends an HTTP session, or stops the child (stdin end, SIGTERM, SIGKILL). */
  shutdown(): Promise<void>;
  describe: string;
}

/**
 * The upstream endpoint comes from configuration only, never from agent or log content (threat:
 * pointing the customer side at another endpoint). Redirects to another origin are not followed
 * (the SDK's default `redirectPolicy`).
 */
export function upstreamTransport(config: UpstreamConfig): UpstreamTransport {
  if ("transport" in config) {
    const { transport } = config;
    return {
      transport,
      pid: () => undefined,
      shutdown: () => transport.close(),
      describe: config.name ?? "in-process transport",
    };
  }
  if ("url" in config) {
    const url = new URL(config.url);
    const transport = new StreamableHTTPClientTransport(url, {
      ...(config.headers !== undefined && { requestInit: { headers: config.headers } }),
    });
    return {
      transport,
      pid: () => undefined,
      shutdown: async () => {
        await transport.terminateSession().catch(() => undefined);
        await transport.close();
      },
      describe: url.origin + url.pathname,
    };
  }
  const transport = new StdioClientTransport({
    command: config.command,
    ...(config.args !== undefined && { args: config.args }),
    ...(config.env !== undefined && { env: config.env }),
    ...(config.cwd !== undefined && { cwd: config.cwd }),
    stderr: config.stderr ?? "inherit",
  });
  return {
    transport,
    pid: () => transport.pid ?? undefined,
    shutdown: () => transport.close(),
    describe: [config.command, ...(config.args ?? [])].join(" "),
  };
}
