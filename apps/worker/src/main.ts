import { assertAppRole, createDb } from "@lodestar/db";
import type { QueueName } from "@lodestar/queue";
import { Redis } from "ioredis";
import { startWorkers } from "./start-workers.ts";
import { parseWorkerEnv } from "./worker-env.ts";

/**
 * The hosted worker process: BullMQ consumers for the enabled queues until SIGTERM/SIGINT, then
 * the jobs in flight finish and the connections close. (Self-hosted `machinaut start` runs the
 * same consumers, or the in-process runner, without this entry.)
 */
async function main(): Promise<number> {
  let env: ReturnType<typeof parseWorkerEnv>;
  try {
    env = parseWorkerEnv(process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const db = createDb({ url: env.DATABASE_APP_URL ?? env.DATABASE_URL });
  try {
    // Jobs are tenant-scoped exactly like requests: never through a role that bypasses RLS.
    await assertAppRole(db.sql);
  } catch (error) {
    process.stderr.write(`machinaut worker: ${(error as Error).message}\n`);
    await db.close();
    return 2;
  }
  const workers = startWorkers({
    db,
    connect: () => new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }),
    ...(env.WORKER_QUEUES !== undefined ? { queues: env.WORKER_QUEUES as QueueName[] } : {}),
    concurrency: env.WORKER_CONCURRENCY,
  });
  process.stdout.write(`machinaut worker: consuming ${workers.queues.join(", ")}\n`);
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  process.stdout.write(`machinaut worker: ${signal}, finishing jobs in flight\n`);
  await workers.close();
  await db.close();
  return 0;
}

process.exitCode = await main();
