import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import {
  createEnvelopeLine,
  genesisHash,
  parseEnvelopeLine,
  redactEnvelope,
  SENSITIVITIES,
  serializeEnvelope,
} from "@lodestar/envelope";
import { openLogWriter, verifyLog } from "@lodestar/log";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactLine } from "../src/commands/ship/redact-line.ts";
import { LODESTAR, LODESTAR_BUNDLE, lodestar, userEnv } from "./support/lodestar-cli.ts";
import { makeWorkspace, type TestWorkspace } from "./support/test-workspace.ts";

// `lodestar ship` end to end: the real CLI (the bundle when built, as users run it) against the
// real API (apps/web's route handlers in their own process) and real Postgres.

const require = createRequire(import.meta.url);
const HARNESS = fileURLToPath(new URL("../../web/test/support/api-harness.ts", import.meta.url));
const TSX = pathToFileURL(require.resolve("tsx")).href;
const CLI = existsSync(LODESTAR_BUNDLE.args[0]!) ? LODESTAR_BUNDLE : LODESTAR;
const SECRET_VALUE = "sk_live_never_leaves_the_machine";

interface Seeded {
  appUrl: string;
  database: string;
  tenantId: string;
  token: string;
  ingestOnlyToken: string;
}

function harness(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, HARNESS, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`harness ${args[0]}: ${err}`))));
  });
}

async function startServer(appUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", TSX, HARNESS, "serve", "--app-url", appUrl], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`api server exited ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

let seeded: Seeded;
let server: { url: string; child: ChildProcess };
let ws: TestWorkspace;

/** Appends envelopes with the real log writer and the home's operator key (checkpoints included). */
async function record(session: string, count: number) {
  const operatorKey = await readSecretKeyFile(join(ws.home, "keys", "test-operator.key")).catch(async () => {
    const keys = (await readdir(join(ws.home, "keys"))).filter((f) => f.endsWith(".key"));
    return readSecretKeyFile(join(ws.home, "keys", keys[0]!));
  });
  const writer = await openLogWriter({
    file: ws.sessionFile(session),
    session,
    operatorKey,
    checkpoint: { everyEnvelopes: 50, everyMs: 3_600_000 },
  });
  try {
    for (let i = 0; i < count; i++) {
      await writer.append({
        kind: i % 2 === 0 ? "observation" : "belief",
        actor: { agent: "agent-ship", model: "m1" },
        sensitivity: i % 3 === 0 ? "confidential" : "internal",
        body: { note: { value: `step ${i}` }, key: { s: "secret", value: SECRET_VALUE } },
      });
    }
  } finally {
    await writer.close();
  }
}

function ship(args: string[], env: Record<string, string> = {}) {
  return lodestar(["ship", ...args], {
    cwd: ws.dir,
    cli: CLI,
    timeoutMs: 60_000,
    env: userEnv({ LODESTAR_MACHINAUT_URL: server.url, LODESTAR_MACHINAUT_TOKEN: seeded.token, ...env }),
  });
}

async function serverLines(session: string): Promise<string> {
  return harness(["dump", "--app-url", seeded.appUrl, "--tenant", seeded.tenantId, "--session", session]);
}

beforeAll(async () => {
  seeded = JSON.parse(await harness(["seed", "--prefix", "g_cliship"])) as Seeded;
  server = await startServer(seeded.appUrl);
  ws = await makeWorkspace({ approver: false });
}, 120_000);

afterAll(async () => {
  server?.child.kill("SIGTERM");
  if (seeded) await harness(["drop", "--database", seeded.database]);
  await ws?.remove();
});

describe("lodestar ship", () => {
  it("without the keys scope, an unregistered checkpoint key is refused: exit 4, nothing stored", async () => {
    await record("ses-first", 120);
    const run = await ship(["ses-first", "--json"], { LODESTAR_MACHINAUT_TOKEN: seeded.ingestOnlyToken });
    expect(run.status, run.stderr).toBe(4);
    expect(run.stderr).toContain("untrusted-checkpoint-key");
    expect(await serverLines("ses-first")).toBe("");
  });

  it("ships a session redacted to internal, registers the operator key, and the copy verifies", async () => {
    const run = await ship(["ses-first", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    const local = await verifyLog(ws.sessionFile("ses-first"));
    expect(local.ok).toBe(true);
    const head = local.ok ? local.head! : undefined;
    expect(JSON.parse(run.stdout)).toEqual({
      sessions: [
        { session: "ses-first", sent: head!.seq + 1, skipped: 0, headSeq: head!.seq, headHash: head!.hash },
      ],
    });
    const stored = await serverLines("ses-first");
    expect(stored.split("\n").length - 1).toBe(head!.seq + 1);
    // Above the ceiling never left the machine; what did still verifies as the same chain.
    expect(stored).not.toContain(SECRET_VALUE);
    expect(stored).not.toContain('"s":"confidential","salt"');
    const copy = join(ws.dir, "server-copy.ndjson");
    await writeFile(copy, stored);
    const verified = await verifyLog(copy);
    expect(verified).toMatchObject({ ok: true, head });
    const list = await fetch(`${server.url}/api/v1/sessions`, {
      headers: { authorization: `Bearer ${seeded.token}` },
    });
    expect(((await list.json()) as { sessions: unknown[] }).sessions).toEqual([
      expect.objectContaining({ session: "ses-first", verified: true, agent: "agent-ship" }),
    ]);
  });

  it("re-shipping sends nothing; after more envelopes, only the new ones", async () => {
    const again = await ship(["ses-first", "--json"]);
    expect(again.status, again.stderr).toBe(0);
    const before = JSON.parse(again.stdout).sessions[0];
    expect(before.sent).toBe(0);
    await record("ses-first", 30);
    const more = await ship(["--all", "--json"]);
    expect(more.status, more.stderr).toBe(0);
    const after = JSON.parse(more.stdout).sessions[0];
    expect(after.skipped).toBe(before.skipped);
    expect(after.sent).toBeGreaterThanOrEqual(30);
    expect(after.headSeq).toBe(before.headSeq + after.sent);
  });

  it("reads the endpoint and token file from the operator config; the token never enters the log", async () => {
    const tokenFile = join(ws.home, "machinaut.token");
    await writeFile(tokenFile, `${seeded.token}\n`, { mode: 0o600 });
    const config = await readFile(join(ws.home, "config.yaml"), "utf8");
    await writeFile(
      join(ws.home, "config.yaml"),
      `${config}\nmachinaut:\n  url: ${server.url}\n  tokenFile: machinaut.token\n`,
    );
    await record("ses-config", 10);
    const run = await lodestar(["ship", "ses-config"], { cwd: ws.dir, cli: CLI, timeoutMs: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ses-config: sent \d+/);
    for (const file of await readdir(join(ws.home, "sessions"))) {
      expect(await readFile(join(ws.home, "sessions", file), "utf8")).not.toContain(seeded.token.slice(-43));
    }
    expect(run.stdout + run.stderr).not.toContain(seeded.token.slice(-43));
  });

  it("exit codes: 2 usage (ceiling above internal without the flag), 5 auth, 3 network, 4 fork", async () => {
    expect((await ship(["ses-first", "--ceiling", "secret"])).status).toBe(2);
    expect((await ship(["ses-first", "--ceiling", "public", "--json"])).status).toBe(0);
    const badToken = await ship(["ses-first"], {
      LODESTAR_MACHINAUT_TOKEN: `${seeded.token.slice(0, -2)}AA`,
    });
    expect(badToken.status, badToken.stderr).toBe(5);
    expect(badToken.stderr).toContain("invalid-token");
    const down = await ship(["ses-first"], { LODESTAR_MACHINAUT_URL: "http://127.0.0.1:9" });
    expect(down.status, down.stderr).toBe(3);
    // A hostile or broken server: a head that is not a seq and a hash is not believed, and no
    // envelope is sent on the strength of it.
    let ingested = 0;
    const liar = createServer((req, res) => {
      if (req.url?.includes("/ingest")) ingested++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ session: "ses-first", headSeq: "7", headHash: "x", envelopes: 8 }));
    });
    await new Promise<void>((resolve) => liar.listen(0, "127.0.0.1", resolve));
    try {
      const port = (liar.address() as AddressInfo).port;
      const lied = await ship(["ses-first"], { LODESTAR_MACHINAUT_URL: `http://127.0.0.1:${port}` });
      expect(lied.status, lied.stderr).toBe(3);
      expect(lied.stderr).toContain("head answer is malformed (headSeq");
      expect(ingested).toBe(0);
    } finally {
      await new Promise((resolve) => liar.close(resolve));
    }
    // Another history under the same session name: refused before anything is sent.
    await rm(ws.sessionFile("ses-first"));
    await rm(`${ws.sessionFile("ses-first")}.head`, { force: true });
    await record("ses-first", 400);
    const fork = await ship(["ses-first"]);
    expect(fork.status, fork.stderr).toBe(4);
    expect(fork.stderr).toContain("fork");
  });
});

describe("redactLine (the shipper's fast path)", () => {
  const level = fc.constantFrom(...SENSITIVITIES);
  // Values that contain the fast path's markers, so it must fall back rather than trust them.
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('{"s":"secret","salt":', { s: "secret", salt: "x" }, ',"sensitivity":"public"'),
  );
  const line = fc
    .record({
      sensitivity: level,
      parts: fc.array(fc.record({ s: fc.option(level, { nil: undefined }), value }), { maxLength: 3 }),
      seq: fc.nat(1000),
    })
    .map(({ sensitivity, parts, seq }) => {
      const body = Object.fromEntries(
        parts.map((p, i) => [`p${i}`, p.s === undefined ? { value: p.value } : { s: p.s, value: p.value }]),
      );
      try {
        return createEnvelopeLine({
          session: "ses_redact",
          seq,
          prev: genesisHash("ses_redact"),
          kind: "observation",
          actor: { agent: "a" },
          sensitivity,
          body,
        }).line;
      } catch {
        return undefined; // a value with no canonical form
      }
    })
    .filter((l): l is string => l !== undefined);

  it("equals strict parse → redactEnvelope → serializeEnvelope, for every ceiling", () => {
    fc.assert(
      fc.property(line, level, (text, ceiling) => {
        const reference = serializeEnvelope(redactEnvelope(parseEnvelopeLine(text), ceiling));
        expect(redactLine(text, ceiling)).toBe(reference);
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it("refuses exactly the lines the strict parser refuses", () => {
    fc.assert(
      fc.property(
        line,
        fc.nat(),
        fc.string({ maxLength: 3, unit: "binary" }),
        fc.nat(3),
        level,
        (text, at, insert, remove, ceiling) => {
          const pos = at % (text.length + 1);
          const edited = text.slice(0, pos) + insert + text.slice(pos + remove);
          let strict: unknown;
          try {
            strict = serializeEnvelope(redactEnvelope(parseEnvelopeLine(edited), ceiling));
          } catch {
            strict = "refused";
          }
          let fast: unknown;
          try {
            fast = redactLine(edited, ceiling);
          } catch {
            fast = "refused";
          }
          expect(fast).toBe(strict);
        },
      ),
      { numRuns: 400, seed: 20261202 },
    );
  });
});
