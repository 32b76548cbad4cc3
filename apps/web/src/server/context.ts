import { createDb, type Db } from "@lodestar/db";
import type { JobSink } from "@lodestar/queue";
import { createJobSink } from "@lodestar/worker";
import { Redis } from "ioredis";
import { serverEnv } from "./env.ts";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "./ingest/ingest-limits.ts";

/** What the route handlers and pages share within one process. */
export interface ServerContext {
  db: Db;
  jobs: JobSink;
  limits: IngestLimits;
  /** The queue's Redis connection, when jobs go through BullMQ (readiness pings it). */
  redis?: Redis;
}

// On globalThis: `next dev` re-evaluates modules on change, and a second pool per reload would
// exhaust Postgres' connections.
const holder = globalThis as typeof globalThis & { __machinautContext?: ServerContext };

/**
 * The composition root: the Db and the job sink, created once per process from the environment
 * (or handed in by a process that composed its own: `machinaut start`, the API tests).
 */
export function serverContext(): ServerContext {
  holder.__machinautContext ??= contextFromEnv();
  return holder.__machinautContext;
}

/** Installs a context built elsewhere; the caller keeps ownership (closing it). */
export function provideServerContext(context: ServerContext): void {
  holder.__machinautContext = context;
}

function contextFromEnv(): ServerContext {
  const env = serverEnv();
  const db = createDb({ url: env.DATABASE_APP_URL ?? env.DATABASE_URL });
  // BullMQ needs maxRetriesPerRequest: null on the connections it blocks on.
  const redis =
    env.REDIS_URL === undefined ? undefined : new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
  const jobs = createJobSink({ db, ...(redis === undefined ? {} : { redis }) });
  return { db, jobs, limits: DEFAULT_INGEST_LIMITS, ...(redis === undefined ? {} : { redis }) };
}
