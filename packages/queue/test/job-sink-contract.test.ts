import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  createBullJobSink,
  createConsumer,
  InProcessRunner,
  type JobHandlers,
  JobPayloadError,
  type JobSink,
  queueNames,
} from "../src/index.ts";

// One contract, both implementations: what a producer may rely on must not depend on whether
// Redis is configured. The BullMQ run needs the real Redis that scripts/services.sh starts.
const redisUrl = process.env.REDIS_URL ?? (process.env.CI ? "redis://127.0.0.1:1" : undefined);

interface Harness {
  sink: JobSink;
  /** Every job a handler saw, in order, with its attempt outcome. */
  seen: { queue: string; payload: unknown; ok: boolean }[];
  /** Makes the next `n` runs of a job for this tenant fail. */
  failNext(tenantId: string, n: number): void;
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

function handlersInto(seen: Harness["seen"], failures: Map<string, number>, onSeen: () => void): JobHandlers {
  const run = (queue: string) => async (payload: { tenantId: string }) => {
    const left = failures.get(payload.tenantId) ?? 0;
    seen.push({ queue, payload, ok: left === 0 });
    onSeen();
    if (left > 0) {
      failures.set(payload.tenantId, left - 1);
      throw new Error("transient failure");
    }
  };
  return { index: run("index"), reverify: run("reverify") };
}

function harnessParts() {
  const seen: Harness["seen"] = [];
  const failures = new Map<string, number>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const onSeen = () => {
    for (const w of [...waiters]) {
      if (seen.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const waitFor = (count: number) =>
    seen.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { seen, failures, onSeen, waitFor };
}

function inProcess(): Harness {
  const { seen, failures, onSeen, waitFor } = harnessParts();
  const runner = new InProcessRunner(handlersInto(seen, failures, onSeen), { backoffMs: 5 });
  return {
    sink: runner,
    seen,
    failNext: (t, n) => failures.set(t, n),
    waitFor,
    close: () => runner.close(),
  };
}

function bullmq(url: string): Harness {
  const { seen, failures, onSeen, waitFor } = harnessParts();
  const prefix = `contract-${randomUUID()}`;
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis(url, { maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  const handlers = handlersInto(seen, failures, onSeen);
  const workers: Worker[] = queueNames.map((q) =>
    createConsumer(q, connect(), handlers[q] as (p: unknown) => Promise<unknown>, { prefix }),
  );
  const sink = createBullJobSink(connect(), { prefix });
  return {
    sink,
    seen,
    failNext: (t, n) => failures.set(t, n),
    waitFor,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await sink.close();
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}

const implementations: [string, (() => Harness) | undefined][] = [
  ["in-process runner", inProcess],
  ["BullMQ on real Redis", redisUrl === undefined ? undefined : () => bullmq(redisUrl)],
];

for (const [name, make] of implementations) {
  describe.skipIf(make === undefined)(`JobSink contract: ${name}`, () => {
    const harnesses: Harness[] = [];
    const open = () => {
      const h = make!();
      harnesses.push(h);
      return h;
    };
    afterAll(async () => {
      await Promise.all(harnesses.map((h) => h.close()));
    });

    it("delivers a valid payload to the queue's handler", async () => {
      const h = open();
      const tenantId = randomUUID();
      const sessionId = randomUUID();
      await h.sink.enqueue("index", { tenantId, sessionId, fromSeq: 3 });
      await h.waitFor(1);
      expect(h.seen).toEqual([{ queue: "index", payload: { tenantId, sessionId, fromSeq: 3 }, ok: true }]);
    });

    it("refuses an invalid payload at enqueue, naming the field, and runs nothing", async () => {
      const h = open();
      const error = await h.sink
        .enqueue("reverify", { tenantId: "nope", projectId: randomUUID() })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobPayloadError);
      expect((error as JobPayloadError).issues).toMatch(/^tenantId/);
      // A valid job after it is the first thing any handler sees.
      const tenantId = randomUUID();
      await h.sink.enqueue("reverify", { tenantId, projectId: randomUUID() });
      await h.waitFor(1);
      expect(h.seen.map((s) => (s.payload as { tenantId: string }).tenantId)).toEqual([tenantId]);
    });

    it("treats the same jobId as one job", async () => {
      const h = open();
      const tenantId = randomUUID();
      const payload = { tenantId, projectId: randomUUID() };
      await h.sink.enqueue("reverify", payload, { jobId: `k-${tenantId}` });
      await h.sink.enqueue("reverify", payload, { jobId: `k-${tenantId}` });
      // A different job after both: once it ran, a duplicate would have run too (FIFO, one worker).
      const marker = randomUUID();
      await h.sink.enqueue(
        "reverify",
        { tenantId: marker, projectId: randomUUID() },
        { jobId: `k-${marker}` },
      );
      await h.waitFor(2);
      expect(h.seen.map((s) => (s.payload as { tenantId: string }).tenantId)).toEqual([tenantId, marker]);
    });

    it("takes any string as a jobId: colons and digits included", async () => {
      const h = open();
      const tenantId = randomUUID();
      const jobId = `reverify:${tenantId}:ed25519:0123abcd`;
      await h.sink.enqueue("reverify", { tenantId, projectId: randomUUID() }, { jobId });
      await h.sink.enqueue("reverify", { tenantId, projectId: randomUUID() }, { jobId });
      const numeric = randomUUID();
      await h.sink.enqueue("reverify", { tenantId: numeric, projectId: randomUUID() }, { jobId: "12345" });
      await h.waitFor(2);
      expect(h.seen.map((s) => (s.payload as { tenantId: string }).tenantId)).toEqual([tenantId, numeric]);
    });

    it("retries a failing job until it succeeds", async () => {
      const h = open();
      const tenantId = randomUUID();
      h.failNext(tenantId, 1);
      await h.sink.enqueue("index", { tenantId, sessionId: randomUUID(), fromSeq: 0 });
      await h.waitFor(2);
      expect(h.seen.map((s) => s.ok)).toEqual([false, true]);
    });
  });
}

describe("in-process runner shutdown", () => {
  it("drain resolves when idle; close refuses new jobs", async () => {
    const seen: string[] = [];
    const runner = new InProcessRunner({
      index: async (p) => {
        seen.push(p.sessionId);
      },
      reverify: async () => undefined,
    });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const sessionId of ids)
      await runner.enqueue("index", { tenantId: randomUUID(), sessionId, fromSeq: 0 });
    await runner.drain();
    expect(seen.sort()).toEqual([...ids].sort());
    await runner.close();
    await expect(
      runner.enqueue("reverify", { tenantId: randomUUID(), projectId: randomUUID() }),
    ).rejects.toThrow(/closed/);
  });

  it("gives up after the configured attempts and reports the failure once", async () => {
    const failed: string[] = [];
    const runner = new InProcessRunner(
      {
        index: async () => {
          throw new Error("always");
        },
        reverify: async () => undefined,
      },
      { attempts: 3, backoffMs: 1, onFailed: (q, id) => failed.push(`${q}/${id}`) },
    );
    await runner.enqueue(
      "index",
      { tenantId: randomUUID(), sessionId: randomUUID(), fromSeq: 0 },
      { jobId: "j" },
    );
    await runner.drain();
    expect(failed).toEqual(["index/index:j"]);
    await runner.close();
  });
});
