import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startGuarded } from "./support/guarded-client.ts";
import { lodestar } from "./support/lodestar-cli.ts";
import { partValue, readSession } from "./support/session-log.ts";
import { makeWorkspace, type TestWorkspace } from "./support/test-workspace.ts";

const MEMORY_TOOLS = [
  "create_entities",
  "create_relations",
  "add_observations",
  "read_graph",
  "search_nodes",
  "open_nodes",
];
const MEMORY_DELETES = ["delete_entities", "delete_observations", "delete_relations"];

/** What the agent sees in tools/list through `lodestar run`, started with these flags or env. */
async function listedThrough(
  ws: TestWorkspace,
  session: string,
  server: Parameters<typeof startGuarded>[1]["server"],
  opts: { runFlags?: string[]; env?: Record<string, string> } = {},
): Promise<string[]> {
  const guard = await startGuarded(ws, { session, server, ...opts });
  try {
    return (await guard.client.listTools()).tools.map((t) => t.name).sort();
  } finally {
    await guard.close();
  }
}

describe("tools/list through the guard: CRITICAL never, HIGH only when the operator opts in", () => {
  let ws: TestWorkspace;
  let graphFile: string;
  const entity = { type: "entity", name: "payroll", entityType: "system", observations: ["runs monthly"] };

  beforeAll(async () => {
    ws = await makeWorkspace();
    // The default policy marks `payments.*` CRITICAL; server-memory has no such tool, so this
    // workspace marks its deletes CRITICAL the same way (a glob, ahead of the catch-all `*`).
    await ws.editPolicy((p) =>
      p.replace(
        `"payments.*": { risk: CRITICAL }`,
        `"payments.*": { risk: CRITICAL }\n  "delete_*": { risk: CRITICAL }`,
      ),
    );
    graphFile = join(ws.dir, "graph.jsonl");
    await writeFile(graphFile, `${JSON.stringify(entity)}\n`);
  });

  afterAll(async () => {
    await ws?.remove();
  });

  it("server-memory: HIGH tools appear only with --allow-high; the CRITICAL deletes never", async () => {
    const server = { kind: "memory", graphFile } as const;
    const [plain, optedIn] = await Promise.all([
      listedThrough(ws, "mem-plain", server),
      listedThrough(ws, "mem-high", server, { runFlags: ["--allow-high"] }),
    ]);
    // Every server-memory tool falls under the default policy's `"*": { risk: HIGH }`.
    expect(plain).toEqual(["lodestar_note"]);
    expect(optedIn).toEqual([...MEMORY_TOOLS, "lodestar_note"].sort());
    for (const critical of MEMORY_DELETES) expect(optedIn).not.toContain(critical);
  });

  it("server-memory: a CRITICAL tool called by name anyway is denied and never reaches the server", async () => {
    const guard = await startGuarded(ws, {
      session: "mem-call",
      server: { kind: "memory", graphFile },
      runFlags: ["--allow-high"],
    });
    try {
      const call = await callTool(guard.client, "delete_entities", { entityNames: ["payroll"] });
      expect(call.result.isError).toBe(true);
      expect(call.heldAs).toBeUndefined();
      expect(call.lodestar).toMatchObject({
        verdict: "deny",
        level: "L4",
        rule: "critical-tool",
        code: "denied",
      });
    } finally {
      await guard.close();
      await guard.exited;
    }
    expect(await readFile(graphFile, "utf8")).toContain('"name":"payroll"');
    expect((await lodestar(["verify", "mem-call"], { cwd: ws.dir })).status).toBe(0);
    const log = await readSession(ws.sessionFile("mem-call"));
    const decisions = log.filter((e) => e.kind === "decision");
    expect(
      decisions.map((d) => [partValue(d, "verdict"), partValue(d, "risk"), partValue(d, "rule")]),
    ).toEqual([["deny", "CRITICAL", "critical-tool"]]);
    expect(log.filter((e) => e.kind === "outcome")).toEqual([]);
  });

  it("governed tools (`lodestar tools`): fs.delete, shell.exec and git.push only with LODESTAR_MCP_ALLOW_HIGH=1", async () => {
    const server = { kind: "governed" } as const;
    const [plain, optedIn] = await Promise.all([
      listedThrough(ws, "tools-plain", server),
      listedThrough(ws, "tools-high", server, { env: { LODESTAR_MCP_ALLOW_HIGH: "1" } }),
    ]);
    const low = ["fs.read", "fs.list", "fs.write", "git.status", "git.diff", "git.commit", "http.request"];
    const high = ["fs.delete", "shell.exec", "git.push"];
    expect(plain).toEqual([...low, "lodestar_note"].sort());
    expect(optedIn).toEqual([...low, ...high, "lodestar_note"].sort());
  });
});
