import pg from "pg";
import { applyMigrations, type MigrationReport } from "./apply-migrations.ts";
import { migrationsDir } from "./migrations-dir.ts";

/**
 * Applies prisma/migrations to the database at `url`, which must be the owner's URL (the app
 * role may not create or alter tables). The role machinaut_app must exist (docs/adr/0022).
 */
export async function migrate(url: string, dir: string = migrationsDir): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await applyMigrations(client, dir);
  } finally {
    await client.end();
  }
}
