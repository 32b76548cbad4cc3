import { randomBytes } from "node:crypto";
import { createDb, type Db, migrate } from "@lodestar/db";

// Real Postgres (scripts/services.sh prints DATABASE_URL / DATABASE_APP_URL). Every test file
// migrates its own throwaway database named g_api_<random> and drops it afterwards.
export const OWNER_URL =
  process.env.DATABASE_URL ?? "postgresql://lodestar:lodestar@127.0.0.1:5432/lodestar_test";

function urlFor(base: string, database: string, role?: { user: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role.user;
    url.password = role.password;
  }
  return url.toString();
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  /** machinaut_app: not an owner, no BYPASSRLS — what the API connects as. */
  appUrl: string;
  drop(): Promise<void>;
}

/** Runs one statement as the owner on the maintenance database (CREATE/DROP DATABASE). */
async function asOwner(statement: string): Promise<void> {
  const admin = createDb({ url: OWNER_URL, poolSize: 1, bulkPoolSize: 1 });
  try {
    await admin.sql.unsafe(statement);
  } finally {
    await admin.close();
  }
}

export async function createTestDatabase(prefix = "g_api"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asOwner(`CREATE DATABASE ${name}`);
  const ownerUrl = urlFor(OWNER_URL, name);
  await migrate(ownerUrl);
  const appUrl = process.env.DATABASE_APP_URL
    ? urlFor(process.env.DATABASE_APP_URL, name)
    : urlFor(OWNER_URL, name, { user: "machinaut_app", password: "machinaut_app" });
  return {
    name,
    ownerUrl,
    appUrl,
    drop: () => asOwner(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export interface SeededTenant {
  tenantId: string;
  projectId: string;
  slug: string;
}

/** A tenant with one project, created through the app role under its own tenant setting. */
export async function seedTenant(db: Db, slug: string): Promise<SeededTenant> {
  const tenantId = crypto.randomUUID();
  const projectId = crypto.randomUUID();
  await db.withTenantSql(tenantId, async (tx) => {
    await tx`INSERT INTO tenants (id, slug, name) VALUES (${tenantId}, ${slug}, ${slug})`;
    await tx`INSERT INTO projects (tenant_id, id, slug, name) VALUES (${tenantId}, ${projectId}, 'default', 'Default')`;
  });
  return { tenantId, projectId, slug };
}
