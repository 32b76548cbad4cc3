export { assertAppRole } from "./app-role.ts";
export type { MigrationErrorCode, MigrationReport } from "./apply-migrations.ts";
export { applyMigrations, MigrationError } from "./apply-migrations.ts";
export type { CreateDbOptions, Db, TenantSql, TenantTx, TransactionOptions } from "./create-db.ts";
export { createDb } from "./create-db.ts";
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from "./embedded-postgres.ts";
export { startEmbeddedPostgres } from "./embedded-postgres.ts";
export type {
  ApiToken,
  Envelope,
  Fork,
  Invitation,
  Membership,
  OperatorKey,
  Project,
  Session,
  Tenant,
  User,
  UserIdentity,
} from "./generated/prisma/client.ts";
export { MembershipRole, Prisma, PrismaClient } from "./generated/prisma/client.ts";
export type { EnvelopeRow } from "./insert-envelopes.ts";
export { insertEnvelopes } from "./insert-envelopes.ts";
export { migrate } from "./migrate.ts";
export { migrationsDir } from "./migrations-dir.ts";
export type { TenantStoreErrorCode } from "./tenant-store-error.ts";
export { TenantStoreError } from "./tenant-store-error.ts";
