import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AnyToolDefinition,
  createTools,
  createToolsServer,
  defineTool,
  ERROR_CODE_META_KEY,
  RISK_META_KEY,
  TOOL_NAMES,
} from "../src/index.ts";
import { sandbox, testEnv } from "./helpers.ts";

const here = dirname(fileURLToPath(import.meta.url));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function connect(tools: AnyToolDefinition[]): Promise<Client> {
  const server = createToolsServer(tools);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-client", version: "0.0.0" });
  await client.connect(clientSide);
  closers.push(
    () => client.close(),
    () => server.close(),
  );
  return client;
}

function setup() {
  const box = sandbox();
  writeFileSync(join(box.ws, "hello.txt"), "hello");
  writeFileSync(join(box.outside, "secret.txt"), "SECRET");
  return { ...box, tools: createTools({ workspace: box.ws, env: testEnv(box.base) }) };
}

function errorCode(result: CallToolResult): unknown {
  expect(result.isError).toBe(true);
  return result._meta?.[ERROR_CODE_META_KEY];
}

describe("MCP server (SDK Client over an in-memory transport)", () => {
  it("lists every tool with its risk, hints and a JSON Schema of its input", async () => {
    const client = await connect(setup().tools);
    const { tools } = await client.listTools();
    const risks = Object.fromEntries(tools.map((t) => [t.name, t._meta?.[RISK_META_KEY]]));
    expect(risks).toEqual({
      "fs.read": "LOW",
      "fs.list": "LOW",
      "fs.write": "MEDIUM",
      "fs.delete": "HIGH",
      "shell.exec": "HIGH",
      "git.status": "LOW",
      "git.diff": "LOW",
      "git.commit": "MEDIUM",
      "git.push": "HIGH",
      "http.request": "MEDIUM",
    });
    expect(tools.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    const read = tools.find((t) => t.name === "fs.read")!;
    expect(read.inputSchema).toMatchObject({
      type: "object",
      required: ["path"],
      additionalProperties: false,
    });
    expect(read.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("runs a tool and returns structured content", async () => {
    const client = await connect(setup().tools);
    const result = (await client.callTool({
      name: "fs.read",
      arguments: { path: "hello.txt" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ path: "hello.txt", content: "hello" });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toMatchObject({ content: "hello" });
  });

  it("reports refusals as isError results carrying the ToolError code", async () => {
    const { tools, outside } = setup();
    const client = await connect(tools);
    const traversal = (await client.callTool({
      name: "fs.read",
      arguments: { path: "../outside/secret.txt" },
    })) as CallToolResult;
    expect(errorCode(traversal)).toBe("outside-workspace");
    expect(traversal.structuredContent).toMatchObject({ error: { code: "outside-workspace" } });
    expect(JSON.stringify(traversal)).not.toContain("SECRET");
    const absolute = (await client.callTool({
      name: "fs.read",
      arguments: { path: join(outside, "secret.txt") },
    })) as CallToolResult;
    expect(errorCode(absolute)).toBe("outside-workspace");
  });

  it("reports invalid arguments and unknown tools with a code", async () => {
    const client = await connect(setup().tools);
    const bad = (await client.callTool({ name: "fs.read", arguments: { path: 42 } })) as CallToolResult;
    expect(errorCode(bad)).toBe("invalid-argument");
    const extra = (await client.callTool({
      name: "fs.read",
      arguments: { path: "hello.txt", follow: true },
    })) as CallToolResult;
    expect(errorCode(extra)).toBe("invalid-argument");
    const unknown = (await client.callTool({ name: "fs.chmod", arguments: {} })) as CallToolResult;
    expect(errorCode(unknown)).toBe("unknown-tool");
  });

  it("refuses a CRITICAL call (shell: true) at the server too", async () => {
    const client = await connect(setup().tools);
    const result = (await client.callTool({
      name: "shell.exec",
      arguments: { script: "echo pwned", shell: true },
    })) as CallToolResult;
    expect(errorCode(result)).toBe("critical-refused");
  });

  it("never lists or runs a tool whose default risk is CRITICAL", async () => {
    let ran = false;
    // Any name will do; none of the built-in tools is CRITICAL by default.
    const critical = defineTool({
      name: "fs.delete",
      description: "a CRITICAL tool",
      risk: "CRITICAL",
      inputSchema: setup().tools[0]!.inputSchema,
      hints: { readOnly: false, destructive: true, openWorld: false },
      handler: async () => {
        ran = true;
        return {};
      },
    });
    const client = await connect([critical]);
    expect((await client.listTools()).tools).toEqual([]);
    const result = (await client.callTool({ name: "fs.delete", arguments: { path: "x" } })) as CallToolResult;
    expect(errorCode(result)).toBe("unknown-tool");
    expect(ran).toBe(false);
  });
});

describe("MCP server over stdio (runToolsServerStdio in a real child process)", () => {
  it("serves tools/list and tools/call, with error codes", async () => {
    const { ws } = setup();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", join(here, "fixtures", "stdio-server.ts"), ws],
      cwd: join(here, ".."),
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-test", version: "0.0.0" });
    await client.connect(transport);
    closers.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("git.push");
    const ok = (await client.callTool({ name: "fs.list", arguments: {} })) as CallToolResult;
    expect(ok.structuredContent).toMatchObject({ entries: [{ name: "hello.txt", type: "file", size: 5 }] });
    const refused = (await client.callTool({
      name: "fs.write",
      arguments: { path: "/etc/x", content: "x" },
    })) as CallToolResult;
    expect(errorCode(refused)).toBe("outside-workspace");
  }, 20_000);
});
