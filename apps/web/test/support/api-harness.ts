// The API as a separate process, for tests that cross a process boundary: the CLI's `lodestar
// ship` tests (apps/cli/test/ship.test.ts), the SIGKILL/Postgres-restart test, the benchmark.
//
//   node --import tsx api-harness.ts seed [--owner-url URL] [--prefix P]
//       → creates and migrates a throwaway database, a tenant, a project and two tokens; prints
//         {"ownerUrl","appUrl","database","tenantId","projectId","token","ingestOnlyToken"}
//   node --import tsx api-harness.ts serve --app-url URL [--port N] [--redis URL]
//       → the route handlers on 127.0.0.1; prints {"url"} once listening; SIGTERM stops it. Jobs
//         run in this process (self-hosted), or with --redis go to BullMQ for a worker (hosted)
//   node --import tsx api-harness.ts dump --app-url URL --tenant ID --session S
//       → the stored lines of a session, NDJSON, in seq order (what the server kept, byte for byte)
//   node --import tsx api-harness.ts drop --owner-url URL --database NAME
import { parseArgs } from "node:util";
import { createDb, migrate } from "@lodestar/db";
import { InProcessRunner, type JobSink } from "@lodestar/queue";
import { createJobHandlers, createJobSink } from "@lodestar/worker";
import { Redis } from "ioredis";
import { provideServerContext } from "../../src/server/context.ts";
import { DEFAULT_INGEST_LIMITS } from "../../src/server/ingest/ingest-limits.ts";
import { createApiToken } from "../../src/server/tokens/index.ts";
import { startApiServer } from "./api-server.ts";
import { OWNER_URL, seedTenant } from "./test-database.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    "owner-url": { type: "string" },
    "app-url": { type: "string" },
    prefix: { type: "string" },
    port: { type: "string" },
    database: { type: "string" },
    tenant: { type: "string" },
    session: { type: "string" },
    redis: { type: "string" },
  },
});

function withDatabase(url: string, database: string, role?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (role) {
    u.username = role;
    u.password = role;
  }
  return u.toString();
}

async function asOwner(ownerUrl: string, statement: string) {
  const admin = createDb({ url: ownerUrl, poolSize: 1, bulkPoolSize: 1 });
  try {
    await admin.sql.unsafe(statement);
  } finally {
    await admin.close();
  }
}

const command = positionals[0];
if (command === "seed") {
  const ownerUrl = values["owner-url"] ?? OWNER_URL;
  const database = `${values.prefix ?? "g_ship"}_${Math.random().toString(16).slice(2, 14)}`;
  await asOwner(ownerUrl, `CREATE DATABASE ${database}`);
  await migrate(withDatabase(ownerUrl, database));
  const appUrl = process.env.DATABASE_APP_URL
    ? withDatabase(process.env.DATABASE_APP_URL, database)
    : withDatabase(ownerUrl, database, "machinaut_app");
  const db = createDb({ url: appUrl, poolSize: 1, bulkPoolSize: 1 });
  const tenant = await seedTenant(db, "shipper");
  const all = await createApiToken(db, tenant.tenantId, {
    projectId: tenant.projectId,
    name: "all",
    scopes: ["ingest", "keys"],
  });
  const ingestOnly = await createApiToken(db, tenant.tenantId, {
    projectId: tenant.projectId,
    name: "ingest-only",
    scopes: ["ingest"],
  });
  await db.close();
  process.stdout.write(
    `${JSON.stringify({ ownerUrl: withDatabase(ownerUrl, database), appUrl, database, ...tenant, token: all.token, ingestOnlyToken: ingestOnly.token })}\n`,
  );
} else if (command === "serve") {
  const db = createDb({ url: values["app-url"]!, bulkPoolSize: 8 });
  const redis =
    values.redis === undefined ? undefined : new Redis(values.redis, { maxRetriesPerRequest: null });
  const prefix = `g_harness_${process.pid}`;
  const jobs: JobSink =
    redis === undefined ? new InProcessRunner(createJobHandlers(db)) : createJobSink({ db, redis, prefix });
  provideServerContext({ db, jobs, limits: DEFAULT_INGEST_LIMITS, ...(redis ? { redis } : {}) });
  const server = await startApiServer(Number(values.port ?? 0));
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const stop = async () => {
    await server.close();
    await jobs.close();
    if (redis) {
      // Leave no keys behind in the shared Redis.
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else if (command === "dump") {
  const db = createDb({ url: values["app-url"]!, poolSize: 1, bulkPoolSize: 1 });
  const rows = await db.withTenantSql(
    values.tenant!,
    (tx) =>
      tx<{ line: string }[]>`SELECT e.line FROM envelopes e JOIN sessions s ON s.id = e.session_id
      WHERE s.session = ${values.session!} ORDER BY e.seq`,
  );
  await db.close();
  process.stdout.write(rows.map((r) => `${r.line}\n`).join(""));
} else if (command === "drop") {
  await asOwner(values["owner-url"] ?? OWNER_URL, `DROP DATABASE IF EXISTS ${values.database} WITH (FORCE)`);
} else {
  process.stderr.write("usage: api-harness.ts seed|serve|drop …\n");
  process.exit(2);
}
