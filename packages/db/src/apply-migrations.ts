import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Client } from "pg";

/** Prisma's own advisory-lock key for migrations: concurrent deployers (ours or Prisma's) serialize. */
const PRISMA_MIGRATION_LOCK = 72707369;

export type MigrationErrorCode = "failed-migration-present" | "modified-after-apply" | "migration-failed";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies `<dir>/<timestamp>_<name>/migration.sql` in order, each in its own transaction, and
 * records them in `_prisma_migrations` exactly as `prisma migrate deploy` does (sha256 checksum,
 * one step), so Prisma's CLI on a machine with its engine sees no pending migration.
 */
export async function applyMigrations(client: Client, dir: string): Promise<MigrationReport> {
  await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new MigrationError(
        "failed-migration-present",
        `resolve failed migration(s) first: ${failed.join(", ")}`,
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const name of names) {
      const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const appliedChecksum = done.get(name);
      if (appliedChecksum !== undefined) {
        // An edited migration that already ran means the database and the files disagree.
        if (appliedChecksum !== checksum) {
          throw new MigrationError(
            "modified-after-apply",
            `${name}/migration.sql was modified after it was applied`,
          );
        }
        report.alreadyApplied.push(name);
        continue;
      }
      await applyOne(client, name, sql, checksum);
      report.applied.push(name);
    }
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK]);
  }
}

async function applyOne(client: Client, name: string, sql: string, checksum: string): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations"(id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
    [id, checksum, name],
  );
  try {
    await client.query("BEGIN");
    await client.query(sql); // simple-query protocol: a multi-statement script is fine
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(error)]);
    throw new MigrationError("migration-failed", `${name} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
