import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../src/index.ts";

// Real Postgres (scripts/services.sh starts it and prints both URLs). Outside CI a developer
// without the services gets a visible skip; in CI a missing URL fails on connect.
export const ownerUrl: string | undefined =
  process.env.DATABASE_URL ?? (process.env.CI ? "postgresql://missing" : undefined);

/** The app role's URL for the same server: DATABASE_APP_URL, or services.sh's machinaut_app. */
function appUrlFor(database: string): string {
  const u = new URL(process.env.DATABASE_APP_URL ?? ownerUrl!);
  if (process.env.DATABASE_APP_URL === undefined) {
    u.username = "machinaut_app";
    u.password = "machinaut_app";
  }
  u.pathname = `/${database}`;
  return u.toString();
}

export interface ThrowawayDatabase {
  name: string;
  /** The migrating owner's URL (the DATABASE_URL role). */
  ownerUrl: string;
  /** machinaut_app's URL. */
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh database named `<prefix>_<random>`, migrated; drop() removes it. */
export async function createThrowawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(ownerUrl!);
  u.pathname = `/${name}`;
  const owner = u.toString();
  await migrate(owner);
  return {
    name,
    ownerUrl: owner,
    appUrl: appUrlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
