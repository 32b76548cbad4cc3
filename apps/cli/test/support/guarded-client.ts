import { createRequire } from "node:module";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LODESTAR, userEnv } from "./lodestar-cli.ts";
import type { TestWorkspace } from "./test-workspace.ts";

const require = createRequire(import.meta.url);
const FILESYSTEM_SERVER = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
const MEMORY_SERVER = require.resolve("@modelcontextprotocol/server-memory/dist/index.js");

/** The MCP server `lodestar run` guards: a reference server from npm, or Lodestar's governed tools. */
export type ToolServer =
  | { kind: "filesystem" }
  | { kind: "memory"; graphFile: string }
  | { kind: "governed" };

function serverCommand(ws: TestWorkspace, server: ToolServer): string[] {
  switch (server.kind) {
    case "filesystem":
      return [process.execPath, FILESYSTEM_SERVER, ws.dir];
    case "memory":
      // `lodestar run` hands the server a minimal environment, so its variable goes on the command.
      return ["env", `MEMORY_FILE_PATH=${server.graphFile}`, process.execPath, MEMORY_SERVER];
    case "governed":
      return [LODESTAR.command, ...LODESTAR.args, "tools"];
  }
}

export interface Guarded {
  client: Client;
  /** Pid of the `lodestar run` process: the proxy the agent talks to. */
  pid: number;
  /** What `lodestar run` printed on stderr so far (HOLD notices, warnings). */
  stderr(): string;
  /** Resolves when the `lodestar run` process has gone (closed its pipes, reaped). */
  exited: Promise<void>;
  close(): Promise<void>;
}

/**
 * An agent: the SDK's real Client, whose MCP server process is
 * `lodestar run --agent A --session S -- <server>`, started in the workspace like a user would.
 */
export async function startGuarded(
  ws: TestWorkspace,
  options: {
    session: string;
    server?: ToolServer;
    agent?: string;
    runFlags?: string[];
    env?: Record<string, string>;
  },
): Promise<Guarded> {
  const transport = new StdioClientTransport({
    command: LODESTAR.command,
    args: [
      ...LODESTAR.args,
      "run",
      "--agent",
      options.agent ?? "A",
      "--session",
      options.session,
      ...(options.runFlags ?? []),
      "--",
      ...serverCommand(ws, options.server ?? { kind: "filesystem" }),
    ],
    cwd: ws.dir,
    env: userEnv(options.env),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => {
    const previous = transport.onclose;
    transport.onclose = () => {
      previous?.();
      resolve();
    };
  });
  const client = new Client({ name: "cli-test-agent", version: "1.0.0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error("lodestar run did not start");
  return { client, pid, stderr: () => stderr, exited, close: () => client.close() };
}

export interface CallOutcome {
  result: CallToolResult;
  /** The `_meta.lodestar` the guard attached: verdict, level, rule, holdId, code. */
  lodestar: Record<string, unknown>;
  text: string;
  /** The hold id the guard reported in progress notifications while the call waited. */
  heldAs: string | undefined;
}

/**
 * Calls a tool through the guard. While the call is held the guard sends progress notifications
 * naming the hold; `whileHeld` runs once, on the first (e.g. a human approving from another shell).
 */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  whileHeld?: (holdId: string) => Promise<void>,
): Promise<CallOutcome> {
  let heldAs: string | undefined;
  let held: Promise<void> | undefined;
  const result = (await client.callTool({ name, arguments: args }, undefined, {
    timeout: 30_000,
    resetTimeoutOnProgress: true,
    onprogress: (progress) => {
      const meta = (progress as { _meta?: { lodestar?: { holdId?: unknown } } })._meta;
      if (typeof meta?.lodestar?.holdId === "string") heldAs ??= meta.lodestar.holdId;
      if (heldAs !== undefined && whileHeld !== undefined && held === undefined) {
        held = whileHeld(heldAs);
        // Handled here so a failure waits for the call to settle and is then rethrown below.
        held.catch(() => undefined);
      }
    },
  })) as CallToolResult;
  await held;
  return {
    result,
    lodestar: (result._meta?.["lodestar"] ?? {}) as Record<string, unknown>,
    text: result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n"),
    heldAs,
  };
}
