import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Envelope } from "@lodestar/envelope";
import {
  actionBodySchema,
  decisionBodySchema,
  grantBodySchema,
  holdBodySchema,
  outcomeBodySchema,
} from "@lodestar/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startGuarded } from "./support/guarded-client.ts";
import { lodestar, lodestarOk } from "./support/lodestar-cli.ts";
import { readSession } from "./support/session-log.ts";
import { makeWorkspace, shortHolds, type TestWorkspace } from "./support/test-workspace.ts";

// Finding 10: tool arguments were recorded at `internal`, the default ceiling for anything that
// leaves the machine, so file content, HTTP headers and `FOO=secret cmd` would have been shipped.
// Each marker below is a secret the agent handed to a tool; none may survive a redaction to
// `internal`, and the redacted copy must verify exactly like the original.
const MARKERS = {
  fileContent: "launch-code-4711-ALPHA", // no secret pattern: only the content rule hides it
  mcpFileContent: "mcp-content-payroll-2931",
  header: "hdr-value-trace-8842", // a plain header: only the headers rule hides it
  bearer: "tok_bearer_5Xq9Lm2Pz8Rw",
  shellEnv: "envsecret-3141", // FOO=… in a shell script
  envArg: "envarg-secret-2718", // shell.exec's `env` argument
  awsKey: "AKIAIOSFODNN7EXAMPLE", // a secret pattern in an argument no rule names
} as const;

async function sessionText(ws: TestWorkspace, session: string): Promise<string> {
  return readFile(ws.sessionFile(session), "utf8");
}

describe("per-argument sensitivity through `lodestar run` (finding 10)", () => {
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await makeWorkspace();
    await ws.editPolicy(shortHolds("1s"));
    // The governed tools: fs.write, http.request, shell.exec (opted in to HIGH so it is callable).
    const governed = await startGuarded(ws, {
      session: "sens-governed",
      server: { kind: "governed" },
      env: { LODESTAR_MCP_ALLOW_HIGH: "1" },
    });
    try {
      await callTool(governed.client, "fs.write", { path: "notes.txt", content: MARKERS.fileContent });
      // A raw IP holds (L3) and the 1 s hold expires: the hold envelope records the arguments too.
      await callTool(governed.client, "http.request", {
        url: "http://127.0.0.1:9/report",
        method: "POST",
        headers: { "X-Trace": MARKERS.header, Authorization: `Bearer ${MARKERS.bearer}` },
        body: `{"note":"${MARKERS.awsKey}"}`,
      });
      await callTool(governed.client, "shell.exec", {
        script: `FOO=${MARKERS.shellEnv} printenv FOO`,
        env: { API_TOKEN: MARKERS.envArg },
      });
    } finally {
      await governed.close();
      await governed.exited;
    }
    // The reference filesystem server's write_file, and a secret pattern in an unclassified argument.
    const fs = await startGuarded(ws, { session: "sens-mcp" });
    try {
      await callTool(fs.client, "write_file", { path: "payroll.txt", content: MARKERS.mcpFileContent });
      await callTool(fs.client, "search_files", { path: ".", pattern: MARKERS.awsKey });
    } finally {
      await fs.close();
      await fs.exited;
    }
  }, 180_000); // two guarded sessions of real processes; generous for a loaded CI machine

  afterAll(async () => {
    await ws?.remove();
  });

  it("the original logs hold every argument (the markers are really recorded)", async () => {
    const governed = await sessionText(ws, "sens-governed");
    const mcp = await sessionText(ws, "sens-mcp");
    for (const marker of [
      MARKERS.fileContent,
      MARKERS.header,
      MARKERS.bearer,
      MARKERS.shellEnv,
      MARKERS.envArg,
    ])
      expect(governed).toContain(marker);
    expect(mcp).toContain(MARKERS.mcpFileContent);
    expect(mcp).toContain(MARKERS.awsKey);
  });

  it("records each sensitive argument as its own part above `internal`, in actions and holds", async () => {
    const log = await readSession(ws.sessionFile("sens-governed"));
    const levelOf = (e: Envelope, name: string) => e.body[name]?.s;
    const actions = log.filter((e) => e.kind === "action");
    const write = actions.find((e) => partOf(e, "tool") === "fs.write")!;
    expect(levelOf(write, "args.content")).toBe("confidential");
    expect(levelOf(write, "proposed.content")).toBe("confidential");
    expect(partOf(write, "args")).not.toHaveProperty("content");
    const http = actions.find((e) => partOf(e, "tool") === "http.request")!;
    expect(levelOf(http, "args.headers")).toBe("secret"); // a bearer token is a secret pattern
    expect(levelOf(http, "args.body")).toBe("secret");
    expect(partOf(http, "args")).toMatchObject({ url: "http://127.0.0.1:9/report", method: "POST" });
    const shell = actions.find((e) => partOf(e, "tool") === "shell.exec")!;
    expect(levelOf(shell, "args.script")).toBe("secret");
    expect(levelOf(shell, "args.env")).toBe("secret");
    // The gate's reason quotes the command, so it is raised with it.
    const shellDecision = log.find((e) => e.kind === "decision" && e.parents[0] === shell.id)!;
    expect(levelOf(shellDecision, "reason")).toBe("secret");
    expect(levelOf(shellDecision, "rule")).toBeUndefined(); // the rule id stays readable at internal
    const holds = log.filter((e) => e.kind === "hold");
    expect(holds.length).toBeGreaterThanOrEqual(1);
    for (const hold of holds) {
      const names = Object.keys(hold.body).filter((n) => n.startsWith("args."));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(levelOf(hold, name)).toMatch(/^(confidential|secret)$/);
    }
  });

  it("every action, decision, hold, grant and outcome body written parses with its published schema", async () => {
    const schemas = {
      action: actionBodySchema,
      decision: decisionBodySchema,
      hold: holdBodySchema,
      grant: grantBodySchema,
      outcome: outcomeBodySchema,
    } as const;
    const seen = new Set<string>();
    for (const session of ["sens-governed", "sens-mcp"]) {
      for (const envelope of await readSession(ws.sessionFile(session))) {
        if (!Object.hasOwn(schemas, envelope.kind)) continue;
        seen.add(envelope.kind);
        const values = Object.fromEntries(Object.keys(envelope.body).map((n) => [n, partOf(envelope, n)]));
        const parsed = schemas[envelope.kind as keyof typeof schemas].safeParse(values);
        expect({ seq: envelope.seq, kind: envelope.kind, issues: parsed.error?.issues }).toEqual({
          seq: envelope.seq,
          kind: envelope.kind,
          issues: undefined,
        });
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(schemas).sort());
  });

  for (const session of ["sens-governed", "sens-mcp"]) {
    it(`${session}: \`lodestar redact --ceiling internal\` leaves no secret byte, and the copy verifies`, async () => {
      const out = join(ws.dir, `${session}.internal.ndjson`);
      await lodestarOk(["redact", session, "--ceiling", "internal", "-o", out], { cwd: ws.dir });
      const text = await readFile(out, "utf8");
      for (const marker of Object.values(MARKERS)) expect(text).not.toContain(marker);
      const verified = await lodestar(["verify", out], { cwd: ws.dir });
      expect(verified.stderr).toBe("");
      expect(verified.status).toBe(0);
      expect(verified.stdout).toMatch(/^ok: /);
    }, 90_000);
  }
});

function partOf(envelope: Envelope, name: string): unknown {
  const part = envelope.body[name];
  return part !== undefined && "value" in part ? part.value : undefined;
}
