import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, migrationsDir } from "../src/index.ts";

// Real Postgres (scripts/services.sh starts it; `npm test` passes DATABASE_URL). Outside CI a
// developer without the services gets a visible skip; in CI a missing URL fails on connect.
const adminUrl = process.env.DATABASE_URL ?? (process.env.CI ? "postgresql://missing" : undefined);

/** The first migration of prisma/migrations (the tenant store's tables). */
const firstMigration = (await readdir(migrationsDir, { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()[0]!;

describe.skipIf(adminUrl === undefined)("applyMigrations on real Postgres", () => {
  const dbName = `lodestar_mig_${randomBytes(6).toString("hex")}`;
  let url: string;
  const admin = new pg.Client({ connectionString: adminUrl });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(adminUrl!);
    u.pathname = `/${dbName}`;
    url = u.toString();
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  it("applies every migration once, records Prisma-compatible rows, and is idempotent", async () => {
    const first = await withClient((c) => applyMigrations(c, migrationsDir));
    expect(first.applied).toContain(firstMigration);
    const second = await withClient((c) => applyMigrations(c, migrationsDir));
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    const rows = await withClient(async (c) => {
      await c.query(`SELECT set_config('app.tenant_id', gen_random_uuid()::text, false)`);
      await c.query(
        `INSERT INTO tenants(id, slug, name) VALUES (current_setting('app.tenant_id')::uuid, 'acme', 'Acme')`,
      );
      return (await c.query(`SELECT checksum, applied_steps_count, finished_at FROM "_prisma_migrations"`))
        .rows;
    });
    expect(rows).toHaveLength(first.applied.length);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lodestar-mig-"));
    await cp(migrationsDir, dir, { recursive: true });
    await writeFile(join(dir, firstMigration, "migration.sql"), "-- edited\nSELECT 1;\n");
    await expect(withClient((c) => applyMigrations(c, dir))).rejects.toMatchObject({
      code: "modified-after-apply",
    });
  });

  it("rolls back a failing migration and reports it, leaving earlier ones applied", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lodestar-mig-"));
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(join(dir, "29990101000000_broken"));
    await writeFile(
      join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE "X"(id int); SELECT no_such_fn();`,
    );
    const error = await withClient((c) => applyMigrations(c, dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe("migration-failed");
    const tables = await withClient((c) => c.query(`SELECT to_regclass('"X"') AS t`));
    expect(tables.rows[0].t).toBeNull();
    // The failed row blocks further deploys until resolved, as Prisma's deploy does.
    await expect(withClient((c) => applyMigrations(c, dir))).rejects.toMatchObject({
      code: "failed-migration-present",
    });
  });

  it("serializes concurrent deployers through Prisma's advisory lock", async () => {
    const fresh = `${dbName}_c`;
    await admin.query(`CREATE DATABASE ${fresh}`);
    const u = new URL(url);
    u.pathname = `/${fresh}`;
    try {
      const run = async () => {
        const c = new pg.Client({ connectionString: u.toString() });
        await c.connect();
        try {
          return await applyMigrations(c, migrationsDir);
        } finally {
          await c.end();
        }
      };
      const reports = await Promise.all([run(), run(), run()]);
      const applied = reports.flatMap((r) => r.applied);
      expect(applied.filter((n) => n === firstMigration)).toHaveLength(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`);
    }
  });
});
