import { describe, expect, it } from "vitest";
import { GroupCommitFile } from "../src/group-commit.ts";
import type { LogSink } from "../src/log-sink.ts";

/**
 * A sink that records the order of writes, fsyncs and acknowledgements. The real file is exercised
 * by the writer and kill -9 tests; this one makes the ordering observable.
 */
function recordingSink(options: { failWriteAt?: number; failSync?: boolean } = {}) {
  const events: string[] = [];
  let writes = 0;
  const fsync = (how: string) => {
    if (options.failSync) throw Object.assign(new Error("EIO"), { code: "EIO" });
    events.push(how);
  };
  const sink: LogSink = {
    write(buffer, offset, length) {
      writes++;
      if (options.failWriteAt === writes) throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC" });
      const lines = buffer
        .subarray(offset, offset + length)
        .toString()
        .trim()
        .split("\n");
      events.push(`write:${lines.join(",")}`);
      return length;
    },
    async writeInPool(buffer, offset, length) {
      await new Promise((r) => setImmediate(r));
      events.push("pool");
      return sink.write(buffer, offset, length);
    },
    syncNow: () => fsync("fsync"),
    async sync() {
      await new Promise((r) => setImmediate(r));
      fsync("fsync:pool");
    },
  };
  return { sink, events };
}

describe("GroupCommitFile", () => {
  it("joins lines appended in the same turn into one write", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 4096 });
    await Promise.all(["a", "b", "c"].map((l) => file.append(`${l}\n`, false)));
    await file.append("d\n", false);
    await file.drain();
    expect(events).toEqual(["write:a,b,c", "write:d", "fsync"]);
  });

  it("joins lines that arrive while a pooled fsync is in flight into the next single write", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 0 });
    const first = file.append("a\n", true);
    await Promise.resolve(); // the first batch is written; its fsync is now in the pool
    await Promise.resolve();
    const rest = ["b", "c", "d"].map((l) => file.append(`${l}\n`, false));
    await Promise.all([first, ...rest]);
    await file.drain();
    expect(events).toEqual(["pool", "write:a", "fsync:pool", "pool", "write:b,c,d", "fsync:pool"]);
  });

  it("writes and fsyncs on the calling thread up to inlineIoBytes, in the pool beyond", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 8 });
    await file.append("small\n", true);
    await file.append("too large\n", true);
    expect(events).toEqual(["write:small", "fsync", "pool", "write:too large", "fsync:pool"]);
    await file.drain();
  });

  it("acknowledges a gating line only after an fsync that followed its write", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 4096 });
    const plain = file.append("plain\n", false).then(() => events.push("ack:plain"));
    const gating = file.append("gate\n", true).then(() => events.push("ack:gate"));
    await Promise.all([plain, gating]);
    expect(events.indexOf("ack:gate")).toBeGreaterThan(events.indexOf("fsync"));
    expect(events.indexOf("fsync")).toBeGreaterThan(events.findIndex((e) => e.includes("gate")));
    await file.drain();
  });

  it("acknowledges a plain line sharing a batch with a gating line at its write, not the fsync", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 0 });
    const gating = file.append("gate\n", true).then(() => events.push("ack:gate"));
    const plain = file.append("plain\n", false).then(() => events.push("ack:plain"));
    await Promise.all([gating, plain]);
    expect(events).toEqual(["pool", "write:gate,plain", "ack:plain", "fsync:pool", "ack:gate"]);
    await file.drain();
  });

  it("acknowledges a plain line after its write, and fsyncs it within the interval", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 5, inlineIoBytes: 4096 });
    await file.append("plain\n", false);
    expect(events).toEqual(["write:plain"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(["write:plain", "fsync"]);
    await file.drain();
  });

  it("drain writes and fsyncs a line appended just before it (not yet written)", async () => {
    for (const inlineIoBytes of [4096, 0]) {
      const { sink, events } = recordingSink();
      const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes });
      const plain = file.append("last\n", false);
      await file.drain();
      await plain;
      expect(events).toEqual(inlineIoBytes ? ["write:last", "fsync"] : ["pool", "write:last", "fsync:pool"]);
    }
  });

  it("runs afterSync hooks after the fsync and before acknowledging", async () => {
    const { sink, events } = recordingSink();
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 4096 });
    await file.append("cp\n", true, async () => {
      events.push("head");
    });
    expect(events).toEqual(["write:cp", "fsync", "head"]);
    await file.drain();
  });

  it("keeps writing while an fsync and a head-file hook are in flight, and fsyncs later lines again", async () => {
    const { sink, events } = recordingSink();
    const gates: (() => void)[] = [];
    const held = () => new Promise<void>((release) => gates.push(release));
    sink.sync = async () => {
      await held();
      events.push("fsync:pool");
    };
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 0 });
    sink.writeInPool = async (buffer, offset, length) => sink.write(buffer, offset, length);
    const checkpoint = file
      .append("cp\n", true, async () => {
        await held();
        events.push("head");
      })
      .then(() => events.push("ack:cp"));
    await new Promise((r) => setImmediate(r));
    // The checkpoint's fsync is in flight: a plain line is written and acknowledged meanwhile.
    await file.append("plain\n", false);
    events.push("ack:plain");
    const gate = file.append("gate\n", true).then(() => events.push("ack:gate"));
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(["write:cp", "write:plain", "ack:plain", "write:gate"]);
    gates.shift()!(); // the first fsync returns: it covered cp and plain, not gate
    await new Promise((r) => setImmediate(r));
    expect(events.slice(4)).toEqual(["fsync:pool"]);
    gates.shift()!(); // cp's head file is written: cp is acknowledged, then gate gets its own fsync
    await new Promise((r) => setImmediate(r));
    expect(events.slice(5)).toEqual(["head", "ack:cp"]);
    gates.shift()!();
    await Promise.all([checkpoint, gate]);
    expect(events.slice(7)).toEqual(["fsync:pool", "ack:gate"]);
    await file.drain();
  });

  it("rejects a durable line whose write returns after an fsync failed meanwhile (never leaves it pending)", async () => {
    const { sink, events } = recordingSink();
    const writes: (() => void)[] = [];
    const syncs: ((ok: boolean) => void)[] = [];
    sink.writeInPool = (buffer, offset, length) =>
      new Promise((resolve) => writes.push(() => resolve(sink.write(buffer, offset, length))));
    sink.sync = () =>
      new Promise((resolve, reject) =>
        syncs.push((ok) => (ok ? resolve() : reject(Object.assign(new Error("EIO"), { code: "EIO" })))),
      );
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 0 });
    const first = file.append("a\n", true);
    await new Promise((r) => setImmediate(r));
    writes.shift()!(); // a is written; its fsync goes to the pool
    await new Promise((r) => setImmediate(r));
    const second = file.append("b\n", true);
    await new Promise((r) => setImmediate(r)); // b's write is in the pool
    syncs.shift()!(false); // a's fsync fails
    await expect(first).rejects.toMatchObject({ code: "write-failed" });
    writes.shift()!(); // b's write returns after the failure
    await expect(second).rejects.toMatchObject({ code: "write-failed" });
    expect(events).toEqual(["write:a", "write:b"]);
    await file.drain();
  });

  it("fails for good on a write error: pending and later lines reject", async () => {
    const { sink } = recordingSink({ failWriteAt: 2 });
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 4096 });
    await file.append("ok\n", false);
    const failing = file.append("lost\n", false);
    const queued = file.append("queued\n", true);
    await expect(failing).rejects.toMatchObject({ code: "write-failed" });
    await expect(queued).rejects.toMatchObject({ code: "write-failed" });
    expect(file.failure?.code).toBe("write-failed");
    await expect(file.append("later\n", false)).rejects.toMatchObject({ code: "write-failed" });
    await file.drain();
  });

  it("fails for good on an fsync error, never retrying it", async () => {
    const { sink, events } = recordingSink({ failSync: true });
    const file = new GroupCommitFile(sink, { syncIntervalMs: 10_000, inlineIoBytes: 4096 });
    await expect(file.append("gate\n", true)).rejects.toMatchObject({ code: "write-failed" });
    await expect(file.append("next\n", false)).rejects.toMatchObject({ code: "write-failed" });
    expect(events).toEqual(["write:gate"]);
  });
});
