import { createDb, type Db } from "@lodestar/db";
import { InProcessRunner } from "@lodestar/queue";
import { createJobHandlers } from "@lodestar/worker";
import { provideServerContext } from "../../src/server/context.ts";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "../../src/server/ingest/ingest-limits.ts";
import { type ApiTokenScope, createApiToken } from "../../src/server/tokens/index.ts";
import { type ApiServer, startApiServer } from "./api-server.ts";
import { createTestDatabase, type SeededTenant, seedTenant, type TestDatabase } from "./test-database.ts";

export interface ApiFixture {
  database: TestDatabase;
  db: Db;
  jobs: InProcessRunner;
  server: ApiServer;
  url: string;
  close(): Promise<void>;
}

/**
 * A throwaway database, the app's Db (as machinaut_app), the real in-process job runner with the
 * worker's real handlers, and the route handlers on a real HTTP server.
 */
export async function startApiFixture(limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<ApiFixture> {
  const database = await createTestDatabase();
  const db = createDb({ url: database.appUrl, bulkPoolSize: 12 });
  const jobs = new InProcessRunner(createJobHandlers(db));
  provideServerContext({ db, jobs, limits });
  const server = await startApiServer();
  return {
    database,
    db,
    jobs,
    server,
    url: server.url,
    async close() {
      await server.close();
      await jobs.drain();
      await jobs.close();
      await db.close();
      await database.drop();
    },
  };
}

export interface TenantWithToken extends SeededTenant {
  token: string;
}

/** A tenant, its project and a token with the given scopes. */
export async function tenantWithToken(
  db: Db,
  slug: string,
  scopes: ApiTokenScope[] = ["ingest", "keys", "guard"],
): Promise<TenantWithToken> {
  const tenant = await seedTenant(db, slug);
  const { token } = await createApiToken(db, tenant.tenantId, {
    projectId: tenant.projectId,
    name: "test",
    scopes,
  });
  return { ...tenant, token };
}

/** fetch with the token as a bearer. */
export function authed(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  };
}
