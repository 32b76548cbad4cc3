import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import postgres from "postgres";
import { type Prisma, PrismaClient } from "./generated/prisma/client.ts";
import { assertUuid } from "./uuid.ts";

/** The Prisma client inside a tenant's (or a user's) transaction. */
export type TenantTx = Prisma.TransactionClient;
/** A postgres.js transaction with the tenant set: the bulk path (insertEnvelopes). */
export type TenantSql = postgres.TransactionSql;

export interface TransactionOptions {
  /** Milliseconds the whole transaction may take (Prisma's interactive-transaction timeout). */
  timeout?: number;
  /** Milliseconds to wait for a pooled connection. */
  maxWait?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

export interface Db {
  /** For the global tables only (users, user_identities): tenant tables answer no rows here. */
  prisma: PrismaClient;
  /** postgres.js, for the bulk path; the same rule holds. */
  sql: postgres.Sql;
  /** Runs fn in one transaction with app.tenant_id set LOCAL to tenantId. */
  withTenant<T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs fn in one transaction with app.user_id set LOCAL: the user's own memberships and the
   * tenants they belong to are visible (sign-in's organisation list), nothing else of any tenant.
   */
  withUser<T>(userId: string, fn: (tx: TenantTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** withTenant on postgres.js: for insertEnvelopes and other set-based statements. */
  withTenantSql<T>(tenantId: string, fn: (sql: TenantSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** The app role's URL (never the owner's or a superuser's: see assertAppRole). */
  url: string;
  /** Connections of the pg pool behind Prisma. */
  poolSize?: number;
  /** Connections of postgres.js (the bulk path). */
  bulkPoolSize?: number;
  /** temp_buffers of the bulk connections (the staging table's memory), default 64MB. */
  tempBuffers?: string;
}

/**
 * The tenant store's one entry point. Every tenant-table access goes through withTenant,
 * withUser or withTenantSql, which set the row-level security settings with set_config(…, true):
 * LOCAL to the transaction, so a pooled connection never carries a tenant into the next one
 * (threat: a request served with the previous request's tenant).
 */
export function createDb(options: CreateDbOptions): Db {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql = postgres(options.url, {
    max: options.bulkPoolSize ?? 4,
    // The staging table's CREATE … IF NOT EXISTS notices are expected; keep them off stdout.
    onnotice: () => {},
    // The staging table lives in temp buffers (8 MB by default); a batch that overflows them is
    // written to disk before INSERT … SELECT reads it back. Settable only at session start.
    connection: { temp_buffers: options.tempBuffers ?? "64MB" },
  });

  const inTransaction = <T>(
    setting: "app.tenant_id" | "app.user_id",
    id: string,
    fn: (tx: TenantTx) => Promise<T>,
    txOptions?: TransactionOptions,
  ): Promise<T> =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config(${setting}, ${id}, true)`;
      return fn(tx);
    }, txOptions);

  return {
    prisma,
    sql,
    async withTenant(tenantId, fn, txOptions) {
      assertUuid(tenantId, "invalid-tenant-id", "tenant id");
      return inTransaction("app.tenant_id", tenantId, fn, txOptions);
    },
    async withUser(userId, fn, txOptions) {
      assertUuid(userId, "invalid-user-id", "user id");
      return inTransaction("app.user_id", userId, fn, txOptions);
    },
    async withTenantSql(tenantId, fn) {
      assertUuid(tenantId, "invalid-tenant-id", "tenant id");
      const result = await sql.begin(async (tx) => {
        await tx`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
        return fn(tx);
      });
      return result as Awaited<ReturnType<typeof fn>>;
    },
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), sql.end()]);
    },
  };
}
