export type { MigrationErrorCode, MigrationReport } from "./apply-migrations.ts";
export { applyMigrations, MigrationError } from "./apply-migrations.ts";
export { migrationsDir } from "./migrations-dir.ts";
