import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDb, type EmbeddedPostgres, migrate, startEmbeddedPostgres } from "@lodestar/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../src/server/tokens/index.ts";
import { buildSession, ndjson } from "./support/build-session.ts";
import { seedTenant } from "./support/test-database.ts";

// Threat (threats.md, "Bad input and faults"): the web process killed with SIGKILL, and Postgres
// restarted, in the middle of an ingest. After the shipper resumes from the server's head: every
// envelope stored once, none lost, none duplicated, byte for byte. A throwaway embedded Postgres
// (the self-hosted engine) is restarted, never the shared server.

const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve("tsx")).href;
const HARNESS = fileURLToPath(new URL("./support/api-harness.ts", import.meta.url));
const CHUNK = 150;

let dataDir: string;
let pg: EmbeddedPostgres;
let port: number;
let token: string;
let tenantId: string;
const built = buildSession({ session: "ses_crash", count: 3000, checkpointEvery: 250 });

async function startServer(appUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", TSX, HARNESS, "serve", "--app-url", appUrl], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

/** What `lodestar ship` does: ask the head, send what follows in chunks. Returns on the first error. */
async function shipUntil(url: string, onRequest: (chunk: number) => void): Promise<"done" | "failed"> {
  try {
    const head = await fetch(`${url}/api/v1/sessions/ses_crash/head`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (head.status !== 200 && head.status !== 404) return "failed";
    const from = head.status === 404 ? 0 : ((await head.json()) as { headSeq: number }).headSeq + 1;
    for (let start = from, chunk = 0; start < built.lines.length; start += CHUNK, chunk++) {
      const request = fetch(`${url}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: ndjson(built.lines.slice(start, start + CHUNK)),
      });
      onRequest(chunk);
      const res = await request;
      if (res.status !== 200) return "failed";
    }
    return "done";
  } catch {
    return "failed";
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "g-crash-pg-"));
  pg = await startEmbeddedPostgres({ dataDir });
  port = pg.port;
  await migrate(pg.url);
  const db = createDb({ url: pg.appUrl, poolSize: 1, bulkPoolSize: 1 });
  const tenant = await seedTenant(db, "crash");
  tenantId = tenant.tenantId;
  token = (
    await createApiToken(db, tenantId, { projectId: tenant.projectId, name: "t", scopes: ["ingest", "keys"] })
  ).token;
  await db.withTenantSql(
    tenantId,
    (tx) =>
      tx`INSERT INTO operator_keys (tenant_id, project_id, key_id, public_key, name)
       VALUES (${tenantId}, ${tenant.projectId}, ${built.keyId}, ${built.publicKey}, 'op')`,
  );
  await db.close();
}, 180_000);

afterAll(async () => {
  await pg?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("SIGKILL of the web process and a Postgres restart mid-ingest", () => {
  it("after re-shipping: 0 envelopes lost, 0 duplicated", { timeout: 300_000 }, async () => {
    // 1. The web process is killed with SIGKILL while chunk 3 is in flight.
    let server = await startServer(pg.appUrl);
    const killed = server.child;
    const first = await shipUntil(server.url, (chunk) => {
      if (chunk === 3) killed.kill("SIGKILL");
    });
    expect(first).toBe("failed");
    if (killed.exitCode === null && killed.signalCode === null) await once(killed, "exit");

    // 2. A new web process; Postgres is stopped and started again while chunk 2 is in flight.
    server = await startServer(pg.appUrl);
    let restart: Promise<void> | undefined;
    const second = await shipUntil(server.url, (chunk) => {
      if (chunk === 2) {
        restart = (async () => {
          await pg.stop();
          pg = await startEmbeddedPostgres({ dataDir, port });
        })();
      }
    });
    await restart;
    // Whether a request failed depends on where the restart fell; either way nothing may be lost.
    expect(["failed", "done"]).toContain(second);

    // 3. Once the same web process reports ready again (its pools reconnect), re-ship until done.
    // Waits on the event (ready), with a deadline, never on a count of instant probes: a probe
    // answers 503 in microseconds while the pools reconnect.
    const readyBy = Date.now() + 60_000;
    while (Date.now() < readyBy) {
      const ready = await fetch(`${server.url}/api/ready`).catch(() => undefined);
      if (ready?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    let outcome: "done" | "failed" = "failed";
    for (let attempt = 0; attempt < 10 && outcome !== "done"; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      outcome = await shipUntil(server.url, () => {});
    }
    expect(outcome).toBe("done");
    server.child.kill("SIGTERM");
    await once(server.child, "exit");

    const db = createDb({ url: pg.appUrl, poolSize: 1, bulkPoolSize: 1 });
    try {
      const rows = await db.withTenantSql(
        tenantId,
        (tx) => tx<{ seq: string; line: string }[]>`SELECT e.seq, e.line FROM envelopes e ORDER BY e.seq`,
      );
      expect(rows.length).toBe(built.lines.length);
      expect(new Set(rows.map((r) => r.seq)).size).toBe(built.lines.length);
      expect(rows.map((r) => r.line)).toEqual(built.lines);
      const [session] = await db.withTenantSql(
        tenantId,
        (tx) => tx`SELECT head_seq, envelopes, verified FROM sessions`,
      );
      expect(session).toMatchObject({
        head_seq: String(built.lines.length - 1),
        envelopes: String(built.lines.length),
        verified: true,
      });
    } finally {
      await db.close();
    }
  });
});
