import { migrate, startEmbeddedPostgres } from "@lodestar/db";
import { SelfhostError } from "./selfhost-error.ts";

export interface SelfhostDatabase {
  /** The owner's URL: migrations only. */
  ownerUrl: string;
  /** The app role's URL: what the web app and jobs use (row-level security applies). */
  appUrl: string;
  /** Present for the embedded cluster. */
  embedded?: { port: number; clusterDir: string };
  stop(): Promise<void>;
}

/**
 * DATABASE_URL (and DATABASE_APP_URL for the app role) when the operator runs their own Postgres;
 * otherwise a real embedded Postgres whose files live under the data folder. Either way the
 * migrations run before anything serves.
 */
export async function openDatabase(env: NodeJS.ProcessEnv, dataDir: string): Promise<SelfhostDatabase> {
  let db: SelfhostDatabase;
  if (env.DATABASE_URL !== undefined && env.DATABASE_URL !== "") {
    db = {
      ownerUrl: env.DATABASE_URL,
      appUrl: env.DATABASE_APP_URL || env.DATABASE_URL,
      stop: async () => undefined,
    };
  } else {
    const pg = await startEmbeddedPostgres({ dataDir }).catch((error: unknown) => {
      throw new SelfhostError("database", (error as Error).message, { cause: error });
    });
    db = {
      ownerUrl: pg.url,
      appUrl: pg.appUrl,
      embedded: { port: pg.port, clusterDir: pg.clusterDir },
      stop: () => pg.stop(),
    };
  }
  try {
    await migrate(db.ownerUrl);
  } catch (error) {
    await db.stop();
    throw new SelfhostError("database", `migrations failed: ${(error as Error).message}`, { cause: error });
  }
  return db;
}
