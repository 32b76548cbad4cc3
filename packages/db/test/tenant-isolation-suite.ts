import { randomUUID } from "node:crypto";
import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertAppRole, createDb, type Db, insertEnvelopes, TenantStoreError } from "../src/index.ts";
import { envelopeRows, type SeededTenant, seedTenant } from "./tenant-fixture.ts";

export interface IsolationTarget {
  /** The migrating owner's URL. */
  ownerUrl: string;
  /** machinaut_app's URL. */
  appUrl: string;
}

/** Tables with no tenant: sign-in needs them before a tenant is known (docs/adr/0022). */
const GLOBAL_TABLES = ["_prisma_migrations", "user_identities", "users"];

/** Property budget: quick by default, thorough under LODESTAR_SLOW (docs/adr/0005). */
const runs = process.env.LODESTAR_SLOW ? 200 : 25;

/**
 * The row-level security contract, run against every Postgres the store supports (Debian's
 * server and the embedded one): the same assertions, so a difference between them fails a test.
 */
export function describeTenantIsolation(name: string, target: () => Promise<IsolationTarget>): void {
  describe(`tenant isolation on ${name}`, () => {
    let urls: IsolationTarget;
    let db: Db;
    let a: SeededTenant;
    let b: SeededTenant;
    let tenantTables: string[];

    beforeAll(async () => {
      urls = await target();
      // One connection each: a setting left behind by one transaction would show in the next.
      db = createDb({ url: urls.appUrl, poolSize: 1, bulkPoolSize: 1 });
      a = await seedTenant(db, "alpha");
      b = await seedTenant(db, "bravo");
      tenantTables = (
        await db.sql<{ table: string }[]>`
          SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ALL(${GLOBAL_TABLES})
          ORDER BY 1`
      ).map((r) => r.table);
    }, 120_000);
    afterAll(async () => {
      await db?.close();
    });

    const countsBy = (sql: postgres.Sql | postgres.TransactionSql) =>
      Promise.all(
        tenantTables.map(async (table) => {
          const key = table === "tenants" ? "id" : "tenant_id";
          const rows = await sql<{ tenant: string; n: string }[]>`
            SELECT ${sql(key)}::text AS tenant, count(*)::text AS n FROM ${sql(table)} GROUP BY 1`;
          return [table, Object.fromEntries(rows.map((r) => [r.tenant, Number(r.n)]))] as const;
        }),
      );

    it("knows every tenant table: each one but tenants has tenant_id, and none is unaccounted for", async () => {
      expect(tenantTables).toEqual([
        "api_tokens",
        "envelopes",
        "forks",
        "invitations",
        "memberships",
        "operator_keys",
        "projects",
        "sessions",
        "tenants",
      ]);
      const withoutTenantColumn = await db.sql<{ table: string }[]>`
        SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ALL(${GLOBAL_TABLES})
          AND c.relname <> 'tenants'
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')`;
      expect(withoutTenantColumn).toEqual([]);
    });

    it("has row-level security ENABLEd and FORCEd, with a policy, on every tenant table", async () => {
      // Driven by the catalog, not by a list: a tenant table added without RLS fails here.
      const rows = await db.sql<{ table: string; enabled: boolean; forced: boolean; policies: number }[]>`
        SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (c.relname = 'tenants'
               OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'))
        ORDER BY 1`;
      expect(rows.map((r) => r.table)).toEqual(tenantTables);
      for (const row of rows) {
        expect(row, row.table).toMatchObject({ enabled: true, forced: true });
        expect(row.policies, row.table).toBeGreaterThan(0);
      }
    });

    it("leads every index of every tenant table with the tenant column", async () => {
      const rows = await db.sql<{ index: string; first: string }[]>`
        SELECT i.indexrelid::regclass::text AS index, a.attname AS first
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE c.relname = ANY(${tenantTables}) AND c.relname <> 'tenants'`;
      expect(rows.length).toBeGreaterThan(tenantTables.length);
      // memberships_user_id_idx serves sign-in's organisation list (the user branch of the
      // memberships policy), which has no tenant yet.
      const offenders = rows.filter((r) => r.first !== "tenant_id" && r.index !== "memberships_user_id_idx");
      expect(offenders).toEqual([]);
    });

    it("connects as a role that is no superuser, has no BYPASSRLS and owns no table", async () => {
      await expect(assertAppRole(db.sql)).resolves.toBeUndefined();
      const [role] = await db.sql<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }[]>`
        SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user`;
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
      const owner = postgres(urls.ownerUrl, { max: 1, onnotice: () => {} });
      try {
        // The owner's URL is refused for serving (it could switch FORCE off).
        await expect(assertAppRole(owner)).rejects.toMatchObject({ code: "role-bypasses-rls" });
      } finally {
        await owner.end();
      }
    });

    it("shows no tenant's rows when app.tenant_id is unset, on a connection that served a tenant before", async () => {
      await db.withTenant(a.tenantId, (tx) => tx.project.findMany());
      await db.withTenantSql(a.tenantId, (sql) => sql`SELECT 1`);
      for (const [table, counts] of await countsBy(db.sql)) expect(counts, table).toEqual({});
      expect(await db.prisma.session.findMany()).toEqual([]);
      expect(await db.prisma.envelope.count()).toBe(0);
    });

    it("shows a tenant exactly its own rows in every tenant table", async () => {
      for (const seeded of [a, b]) {
        const counts = await db.withTenantSql(seeded.tenantId, (sql) => countsBy(sql));
        for (const [table, byTenant] of counts) {
          expect(Object.keys(byTenant), table).toEqual([seeded.tenantId]);
        }
      }
    });

    it("answers another tenant's ids with nothing, and changes nothing through them", async () => {
      await db.withTenant(a.tenantId, async (tx) => {
        expect(await tx.tenant.findUnique({ where: { id: b.tenantId } })).toBeNull();
        expect(await tx.project.findFirst({ where: { id: b.projectId } })).toBeNull();
        expect(await tx.session.findFirst({ where: { id: b.sessionId } })).toBeNull();
        expect(await tx.envelope.findMany({ where: { sessionId: b.sessionId } })).toEqual([]);
        expect(await tx.apiToken.findFirst({ where: { id: b.tokenId } })).toBeNull();
        expect(await tx.membership.findFirst({ where: { userId: b.userId } })).toBeNull();
        expect(await tx.invitation.findFirst({ where: { id: b.invitationId } })).toBeNull();
        expect(await tx.operatorKey.findFirst({ where: { keyId: b.keyId } })).toBeNull();
        expect(await tx.fork.findFirst({ where: { id: b.forkId } })).toBeNull();
        expect(await tx.project.updateMany({ where: { id: b.projectId }, data: { name: "x" } })).toEqual({
          count: 0,
        });
        expect(await tx.apiToken.updateMany({ where: {}, data: { revokedAt: new Date() } })).toEqual({
          count: 1,
        });
        expect(await tx.session.deleteMany({ where: { id: b.sessionId } })).toEqual({ count: 0 });
        expect(await tx.membership.deleteMany({ where: { tenantId: b.tenantId } })).toEqual({ count: 0 });
      });
      const bToken = await db.withTenant(b.tenantId, (tx) =>
        tx.apiToken.findFirst({ where: { id: b.tokenId } }),
      );
      expect(bToken?.revokedAt).toBeNull();
    });

    it("refuses to write a row into another tenant, through Prisma and through the bulk path", async () => {
      await expect(
        db.withTenant(a.tenantId, (tx) =>
          tx.project.create({ data: { tenantId: b.tenantId, slug: "planted", name: "planted" } }),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        db.withTenant(a.tenantId, (tx) =>
          tx.membership.create({ data: { tenantId: b.tenantId, userId: a.userId, role: "owner" } }),
        ),
      ).rejects.toThrow(/row-level security/);
      // Envelopes into B's session under A's tenant: the row gets A's tenant id, which has no such session.
      await expect(
        db.withTenantSql(a.tenantId, (sql) => insertEnvelopes(sql, b.sessionId, envelopeRows(1, 100))),
      ).rejects.toThrow(/foreign key/);
      expect(await db.withTenant(b.tenantId, (tx) => tx.envelope.count())).toBe(3);
      expect(await db.withTenant(b.tenantId, (tx) => tx.project.count())).toBe(1);
    });

    it("lets a user see their own memberships and organisations only, and write none", async () => {
      const seen = await db.withUser(a.userId, async (tx) => ({
        memberships: await tx.membership.findMany(),
        tenants: await tx.tenant.findMany(),
        projects: await tx.project.findMany(),
      }));
      expect(seen.memberships.map((m) => m.tenantId)).toEqual([a.tenantId]);
      expect(seen.tenants.map((t) => t.id)).toEqual([a.tenantId]);
      expect(seen.projects).toEqual([]);
      // The user branch is SELECT-only: joining another organisation needs that tenant's transaction.
      await expect(
        db.withUser(a.userId, (tx) =>
          tx.membership.create({ data: { tenantId: b.tenantId, userId: a.userId, role: "owner" } }),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        db.withUser(a.userId, (tx) => tx.membership.updateMany({ where: {}, data: { role: "viewer" } })),
      ).resolves.toEqual({ count: 0 });
    });

    it("cannot switch row-level security off: row_security, DISABLE, NO FORCE, TRUNCATE, UPDATE of envelopes", async () => {
      // row_security = off does not bypass: Postgres raises instead of filtering.
      await expect(
        db.sql.begin(async (sql) => {
          await sql`SET LOCAL row_security = off`;
          return sql`SELECT count(*) FROM envelopes`;
        }),
      ).rejects.toThrow(/row-level security/);
      for (const statement of [
        "ALTER TABLE envelopes DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE envelopes NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY tenant_isolation ON envelopes",
        "ALTER ROLE CURRENT_USER BYPASSRLS",
        "TRUNCATE envelopes",
        "UPDATE envelopes SET line = '{}'",
        "DELETE FROM _prisma_migrations",
        "CREATE TABLE public.planted (id int)",
      ]) {
        // 42501 insufficient_privilege: not the owner, not a superuser, no grant.
        await expect(db.sql.unsafe(statement), statement).rejects.toMatchObject({ code: "42501" });
      }
    });

    it("sees nothing under any other tenant id (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.uuid({ version: 4 }), async (other) => {
          fc.pre(other !== a.tenantId && other !== b.tenantId);
          const counts = await db.withTenantSql(other, (sql) => countsBy(sql));
          for (const [table, byTenant] of counts) expect(byTenant, table).toEqual({});
        }),
        { numRuns: runs },
      );
    }, 120_000);

    it("refuses a malformed tenant id before any query (property)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.uuid().map((u) => u.toUpperCase()),
            fc.uuid().map((u) => ` ${u}`),
            fc.uuid().map((u) => `${u}' OR true --`),
          ),
          async (bad) => {
            fc.pre(!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(bad));
            for (const call of [
              () => db.withTenant(bad, async () => "ran"),
              () => db.withTenantSql(bad, async () => "ran"),
              () => db.withUser(bad, async () => "ran"),
            ]) {
              const thrown = await call().then(
                () => undefined,
                (error: unknown) => error,
              );
              expect(thrown).toBeInstanceOf(TenantStoreError);
              expect((thrown as TenantStoreError).code).toMatch(/^invalid-(tenant|user)-id$/);
            }
          },
        ),
        { numRuns: runs * 10 },
      );
    });

    it("gives a new tenant an empty store", async () => {
      const fresh = randomUUID();
      expect(await db.withTenant(fresh, (tx) => tx.session.findMany())).toEqual([]);
    });
  });
}
