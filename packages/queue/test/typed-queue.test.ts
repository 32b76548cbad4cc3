import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createConsumer, createProducer, JobPayloadError } from "../src/index.ts";

// Real Redis (scripts/services.sh starts it). Skipped visibly outside CI without the services.
const redisUrl = process.env.REDIS_URL ?? (process.env.CI ? "redis://127.0.0.1:1" : undefined);

describe.skipIf(redisUrl === undefined)("typed queues on real Redis", () => {
  // A prefix of its own per run: other suites (and other runs) on the same Redis never see these jobs.
  const prefix = `test-${randomUUID()}`;
  const sessionId = randomUUID();
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
  });

  it("delivers a valid payload from producer to consumer", async () => {
    const tenantId = randomUUID();
    const producer = createProducer("index", connect(), { prefix });
    const seen: unknown[] = [];
    let delivered!: () => void;
    const done = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    // Closing the worker from inside its own processor would wait on that very job: close after.
    const worker = createConsumer(
      "index",
      connect(),
      async (payload) => {
        if (payload.tenantId !== tenantId) return;
        seen.push(payload);
        delivered();
      },
      { prefix },
    );
    await producer.enqueue({ tenantId, sessionId, fromSeq: 0 });
    await done;
    await worker.close();
    await producer.close();
    expect(seen).toEqual([{ tenantId, sessionId, fromSeq: 0 }]);
  });

  it("refuses an invalid payload at enqueue, naming the field", async () => {
    const producer = createProducer("index", connect(), { prefix });
    const bad = { tenantId: "not-a-uuid", sessionId: "s", fromSeq: 0 };
    const error = await producer.enqueue(bad as never).catch((e: unknown) => e);
    await producer.close();
    expect(error).toBeInstanceOf(JobPayloadError);
    expect((error as JobPayloadError).issues).toMatch(/tenantId/);
    expect((error as JobPayloadError).issues).toMatch(/sessionId/);
  });

  it("fails a job whose payload was written to Redis by something else, without running the processor", async () => {
    const conn = connect();
    const raw = new Queue("index", { connection: conn, prefix });
    const events = new QueueEvents("index", { connection: connect(), prefix });
    await events.waitUntilReady();
    let ran = false;
    const worker = createConsumer(
      "index",
      connect(),
      async () => {
        ran = true;
      },
      { prefix },
    );
    const job = await raw.add("index", { tenantId: randomUUID(), sessionId, fromSeq: -1 });
    const reason = await new Promise<string>((resolve) =>
      events.on("failed", ({ jobId, failedReason }) => {
        if (jobId === job.id) resolve(failedReason);
      }),
    );
    await worker.close();
    await events.close();
    await raw.close();
    expect(ran).toBe(false);
    expect(reason).toMatch(/invalid index job payload: fromSeq/);
  });

  it("makes enqueue idempotent with a caller-chosen job id", async () => {
    const conn = connect();
    const producer = createProducer("reverify", conn, { prefix });
    const tenantId = randomUUID();
    const jobId = `reverify-${tenantId}`;
    const a = await producer.enqueue({ tenantId, projectId: sessionId }, { jobId });
    const b = await producer.enqueue({ tenantId, projectId: sessionId }, { jobId });
    const q = new Queue("reverify", { connection: conn, prefix });
    const count = await q.getJobCountByTypes("waiting", "delayed", "active", "completed");
    expect(a).toBe(b);
    expect(count).toBeGreaterThanOrEqual(1);
    await q.obliterate({ force: true });
    await q.close();
    await producer.close();
  });
});
