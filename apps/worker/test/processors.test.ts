import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, keyIdOf, toBase64Url } from "@lodestar/crypto";
import { createDb, type Db, insertEnvelopes } from "@lodestar/db";
import { createThrowawayDatabase, ownerUrl, type ThrowawayDatabase } from "@lodestar/db/testing";
import { openLogWriter } from "@lodestar/log";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers } from "../src/index.ts";

// Real Postgres with the real schema and the app role (row-level security applies), and a session
// log written by the real writer, as ingest would have stored it.
describe.skipIf(ownerUrl === undefined)("worker processors on real Postgres", () => {
  let database: ThrowawayDatabase;
  let db: Db;
  let dir: string;
  const operator = generateKeyPair();
  const tenantId = randomUUID();
  let projectId: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase("worker");
    db = createDb({ url: database.appUrl });
    dir = await mkdtemp(join(tmpdir(), "worker-test-"));
    projectId = await db.withTenant(tenantId, async (tx) => {
      await tx.tenant.create({ data: { id: tenantId, slug: `w-${tenantId.slice(0, 8)}`, name: "w" } });
      return (await tx.project.create({ data: { tenantId, slug: "default", name: "Default" } })).id;
    });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes a real, checkpointed session and stores its lines as ingest would; returns its row id. */
  async function storeSession(
    session: string,
    actors: { agent: string; model?: string }[],
    operatorKey = operator,
  ): Promise<string> {
    const file = join(dir, `${session}.ndjson`);
    const writer = await openLogWriter({ file, session, operatorKey });
    for (const actor of actors) {
      await writer.append({ kind: "observation", actor, sensitivity: "internal", body: { n: { value: 1 } } });
    }
    await writer.close();
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
    const parsed = lines.map((line) => ({ line, e: JSON.parse(line) }));
    const head = parsed.at(-1)!.e;
    return db.withTenantSql(tenantId, async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        INSERT INTO sessions (tenant_id, id, project_id, session, agent, envelopes, head_seq, head_hash, verified,
          first_ts, last_ts)
        VALUES (${tenantId}, gen_random_uuid(), ${projectId}, ${session}, ${"unknown"}, ${lines.length},
          ${head.seq}, ${head.hash}, false, ${parsed[0]!.e.ts}, ${parsed[0]!.e.ts})
        RETURNING id`;
      await insertEnvelopes(
        sql,
        row!.id,
        parsed.map(({ line, e }) => ({
          seq: e.seq,
          id: e.id,
          kind: e.kind,
          ts: e.ts,
          sensitivity: e.sensitivity,
          hash: e.hash,
          line,
        })),
      );
      return row!.id;
    });
  }

  const sessionRow = (id: string) =>
    db.withTenantSql(tenantId, async (sql) => {
      const [row] = await sql<{ agent: string; model: string | null; verified: boolean; last_ts: Date }[]>`
        SELECT agent, model, verified, last_ts FROM sessions WHERE id = ${id}`;
      return row!;
    });

  it("index folds the actor and the time span into the session row, the same on a second run", async () => {
    const handlers = createJobHandlers(db);
    const id = await storeSession("indexed", [
      { agent: "a1", model: "m1" },
      { agent: "a1", model: "m2" },
    ]);
    await handlers.index({ tenantId, sessionId: id, fromSeq: 0 });
    const once = await sessionRow(id);
    await handlers.index({ tenantId, sessionId: id, fromSeq: 0 });
    expect(await sessionRow(id)).toEqual(once);
    // The session row kept the agent ingest gave it; the model is the latest one stated.
    expect(once.agent).toBe("unknown");
    expect(once.model).toBe("m2");
    // last_ts moved from the first envelope's time (what the row was created with) to the last one's.
    const lines = await readFile(join(dir, "indexed.ndjson"), "utf8");
    const lastTs = JSON.parse(lines.trimEnd().split("\n").at(-1)!).ts as string;
    expect(once.last_ts.toISOString()).toBe(lastTs);
  });

  it("reverify trusts exactly the project's registered, unrevoked operator keys", async () => {
    const handlers = createJobHandlers(db);
    const id = await storeSession("reverified", [{ agent: "a1" }]);
    const keyId = keyIdOf(operator.publicKey);
    await handlers.reverify({ tenantId, projectId });
    expect((await sessionRow(id)).verified).toBe(false); // no key registered yet
    await db.withTenantSql(
      tenantId,
      (sql) =>
        sql`INSERT INTO operator_keys (tenant_id, project_id, key_id, public_key, name, created_at)
          VALUES (${tenantId}, ${projectId}, ${keyId}, ${toBase64Url(operator.publicKey)}, 'op', now())`,
    );
    await handlers.reverify({ tenantId, projectId });
    expect((await sessionRow(id)).verified).toBe(true);
    await db.withTenantSql(
      tenantId,
      (sql) => sql`UPDATE operator_keys SET revoked_at = now() WHERE key_id = ${keyId}`,
    );
    await handlers.reverify({ tenantId, projectId });
    expect((await sessionRow(id)).verified).toBe(false);
  });

  it("reverify does not trust a session whose stored line was edited", async () => {
    const handlers = createJobHandlers(db);
    const key = generateKeyPair();
    await db.withTenantSql(
      tenantId,
      (sql) =>
        sql`INSERT INTO operator_keys (tenant_id, project_id, key_id, public_key, name, created_at)
          VALUES (${tenantId}, ${projectId}, ${keyIdOf(key.publicKey)}, ${toBase64Url(key.publicKey)}, 'op2', now())`,
    );
    const intact = await storeSession("intact", [{ agent: "a1" }, { agent: "a1" }], key);
    const edited = await storeSession("edited", [{ agent: "a1" }, { agent: "a1" }], key);
    // The app role cannot update envelopes at all; this is someone with the owner's credentials.
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    try {
      await owner.query("BEGIN");
      await owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const edit = await owner.query(
        `UPDATE envelopes SET line = replace(line, '"agent":"a1"', '"agent":"a2"') WHERE session_id = $1 AND seq = 1`,
        [edited],
      );
      await owner.query("COMMIT");
      expect(edit.rowCount).toBe(1);
    } finally {
      await owner.end();
    }
    await handlers.reverify({ tenantId, projectId });
    expect((await sessionRow(intact)).verified).toBe(true);
    expect((await sessionRow(edited)).verified).toBe(false);
  });
});
