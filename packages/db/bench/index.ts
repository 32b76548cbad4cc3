import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import postgres from "postgres";
import {
  createDb,
  type EmbeddedPostgres,
  type EnvelopeRow,
  insertEnvelopes,
  migrate,
  startEmbeddedPostgres,
} from "../src/index.ts";

// Run with: pnpm --filter @lodestar/db bench. Against DATABASE_URL's server (the app role from
// DATABASE_APP_URL, or services.sh's machinaut_app) when set, else against embedded Postgres.
// The anchor is measured in the same run: a raw COPY of the same rows into an RLS-free copy of
// `envelopes` (same columns, keys and indexes) by its owner — the limit of any bulk path.
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = 3;

const hex = (s: string) => createHash("sha256").update(s).digest("hex");

/** Envelope-shaped NDJSON lines, ~500 bytes each (the log's own header fields and a small body). */
function envelopeRows(count: number, session: string): EnvelopeRow[] {
  const rows: EnvelopeRow[] = [];
  let prev = `sha256:${hex("genesis")}`;
  for (let seq = 0; seq < count; seq++) {
    const ts = new Date(Date.UTC(2026, 11, 2, 10, 0, 0) + seq).toISOString();
    const kind = seq % 3 === 0 ? "observation" : seq % 3 === 1 ? "belief" : "decision";
    const hash = `sha256:${hex(`${session}/${seq}`)}`;
    const line = JSON.stringify({
      v: 1,
      id: `01JE${seq.toString(36).padStart(22, "0")}`,
      session,
      seq,
      ts,
      kind,
      actor: { agent: "claude-code", model: "model-x", operator: "ops@example.test" },
      parents: seq > 0 ? [seq - 1] : [],
      sensitivity: "internal",
      body: { tool: "shell", args: { cmd: `ls -la /work/src/${seq % 97}` }, note: "tab\there" },
      prev,
      hash,
    });
    rows.push({ seq, id: `e${seq}`, kind, ts, sensitivity: "internal", hash, line });
    prev = hash;
  }
  return rows;
}

const copyField = (v: string) =>
  v.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);

async function main(): Promise<void> {
  let embedded: EmbeddedPostgres | undefined;
  let embeddedDir: string | undefined;
  let ownerUrl: string;
  let appUrl: string;
  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `f_bench_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const owner = new URL(process.env.DATABASE_URL);
    owner.pathname = `/${name}`;
    const app = new URL(process.env.DATABASE_APP_URL ?? owner.toString());
    if (!process.env.DATABASE_APP_URL) {
      app.username = "machinaut_app";
      app.password = "machinaut_app";
    }
    app.pathname = `/${name}`;
    ownerUrl = owner.toString();
    appUrl = app.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    embeddedDir = await mkdtemp(join(tmpdir(), "f-bench-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: embeddedDir });
    ownerUrl = embedded.url;
    appUrl = embedded.appUrl;
  }
  await migrate(ownerUrl);
  const db = createDb({ url: appUrl, bulkPoolSize: 1 });
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const tenantId = randomUUID();
    const sessionId = await db.withTenant(tenantId, async (tx) => {
      await tx.tenant.create({ data: { id: tenantId, slug: "bench", name: "bench" } });
      const project = await tx.project.create({ data: { tenantId, slug: "p", name: "p" } });
      const session = await tx.session.create({
        data: {
          tenantId,
          projectId: project.id,
          session: "bench-session",
          agent: "a",
          envelopes: 0n,
          headSeq: -1n,
          headHash: "",
          verified: false,
          firstTs: new Date(),
          lastTs: new Date(),
        },
      });
      return session.id;
    });
    await owner`CREATE TABLE envelopes_limit (LIKE envelopes INCLUDING ALL)`;
    const rows = envelopeRows(ROWS, "bench-session");
    const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r.line), 0);
    // The anchor's COPY text, built before timing (the measured path builds its own inside).
    const limitText = rows
      .map(
        (r) =>
          `${tenantId}\t${sessionId}\t${r.seq}\t${r.id}\t${r.kind}\t${r.ts}\t${r.sensitivity}\t${r.hash}\t${copyField(r.line)}\n`,
      )
      .join("");

    const measure = async (fn: () => Promise<unknown>) => {
      await owner`TRUNCATE envelopes, envelopes_limit`;
      const start = performance.now();
      await fn();
      return ROWS / ((performance.now() - start) / 1000);
    };
    /** The one-statement alternative, for comparison: arrays bound as parameters, 10,000 rows a statement. */
    const unnestInsert = () =>
      db.withTenantSql(tenantId, async (sql) => {
        for (let i = 0; i < rows.length; i += 10_000) {
          const part = rows.slice(i, i + 10_000);
          const col = <K extends keyof EnvelopeRow>(k: K) => part.map((r) => String(r[k]));
          await sql`
            INSERT INTO envelopes (tenant_id, session_id, seq, id, kind, ts, sensitivity, hash, line)
            SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid, ${sessionId}::uuid, u.*
            FROM unnest(${col("seq")}::bigint[], ${col("id")}::text[], ${col("kind")}::text[],
                        ${col("ts")}::timestamptz[], ${col("sensitivity")}::text[], ${col("hash")}::text[],
                        ${col("line")}::text[]) AS u`;
        }
      });
    const bulk: number[] = [];
    const unnest: number[] = [];
    const limit: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      limit.push(
        await measure(async () => {
          const copy =
            await owner`COPY envelopes_limit (tenant_id, session_id, seq, id, kind, ts, sensitivity, hash, line) FROM STDIN`.writable();
          await new Promise<void>((resolve, reject) => {
            copy.on("finish", resolve).on("error", reject);
            for (let i = 0; i < limitText.length; i += 1 << 16) copy.write(limitText.slice(i, i + (1 << 16)));
            copy.end();
          });
        }),
      );
      bulk.push(
        await measure(() => db.withTenantSql(tenantId, (sql) => insertEnvelopes(sql, sessionId, rows))),
      );
      unnest.push(await measure(unnestInsert));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const fmt = (n: number) => `${Math.round(n).toLocaleString("en-US")} rows/s`;
    const [pgVersion] = await owner<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    console.log(
      `@lodestar/db bench (node ${process.version}, Postgres ${pgVersion!.v}${embedded ? " embedded" : ""}, ${ROWS.toLocaleString("en-US")} envelopes of ${Math.round(bytes / ROWS)} B, median of ${ROUNDS})`,
    );
    console.log(`  ${"insertEnvelopes (staging COPY + INSERT…SELECT, RLS)".padEnd(56)} ${fmt(median(bulk))}`);
    console.log(
      `  ${"alternative: INSERT…SELECT FROM unnest, 10k rows/stmt".padEnd(56)} ${fmt(median(unnest))}`,
    );
    console.log(
      `  ${"anchor: raw COPY into an RLS-free copy of envelopes".padEnd(56)} ${fmt(median(limit))}`,
    );
    console.log(
      `  ${"ratio insertEnvelopes / raw COPY".padEnd(56)} ${(median(bulk) / median(limit)).toFixed(2)}`,
    );
  } finally {
    await owner.end();
    await db.close();
    await dropDatabase();
    await embedded?.stop();
    if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  }
}

await main();
