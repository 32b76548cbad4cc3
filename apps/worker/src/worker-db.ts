import type { TransactionSql } from "postgres";

/** What the processors need of the tenant store: a postgres.js transaction with the tenant set. */
export interface WorkerDb {
  withTenantSql<T>(tenantId: string, fn: (sql: TransactionSql) => Promise<T>): Promise<T>;
}
