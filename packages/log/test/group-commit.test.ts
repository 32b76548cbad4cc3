import type { FileHandle } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { GroupCommitFile } from "../src/group-commit.ts";

/**
 * A FileHandle stand-in that records the order of writes, fsyncs and acknowledgements. The real
 * file is exercised by the writer and kill -9 tests; this one makes the ordering observable.
 */
function recordingHandle(options: { failWriteAt?: number; failSync?: boolean } = {}) {
  const events: string[] = [];
  let writes = 0;
  const handle = {
    async write(buffer: Buffer, offset: number, length: number) {
      await new Promise((r) => setImmediate(r));
      writes++;
      if (options.failWriteAt === writes) throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC" });
      events.push(
        `write:${buffer
          .subarray(offset, offset + length)
          .toString()
          .trim()
          .split("\n")
          .join(",")}`,
      );
      return { bytesWritten: length, buffer };
    },
    async datasync() {
      await new Promise((r) => setImmediate(r));
      if (options.failSync) throw Object.assign(new Error("EIO"), { code: "EIO" });
      events.push("fsync");
    },
  };
  return { handle: handle as unknown as FileHandle, events };
}

describe("GroupCommitFile", () => {
  it("joins lines that arrive while a write is in flight into the next single write", async () => {
    const { handle, events } = recordingHandle();
    const file = new GroupCommitFile(handle, 10_000);
    const first = file.append("a\n", false);
    const rest = ["b", "c", "d"].map((l) => file.append(`${l}\n`, false));
    await Promise.all([first, ...rest]);
    await file.drain();
    expect(events).toEqual(["write:a", "write:b,c,d", "fsync"]);
  });

  it("acknowledges a gating line only after an fsync that followed its write", async () => {
    const { handle, events } = recordingHandle();
    const file = new GroupCommitFile(handle, 10_000);
    const plain = file.append("plain\n", false).then(() => events.push("ack:plain"));
    const gating = file.append("gate\n", true).then(() => events.push("ack:gate"));
    await Promise.all([plain, gating]);
    expect(events.indexOf("ack:gate")).toBeGreaterThan(events.indexOf("fsync"));
    expect(events.indexOf("fsync")).toBeGreaterThan(events.findIndex((e) => e.includes("gate")));
    await file.drain();
  });

  it("acknowledges a plain line sharing a batch with a gating line at its write, not the fsync", async () => {
    const { handle, events } = recordingHandle();
    const file = new GroupCommitFile(handle, 10_000);
    const first = file.append("first\n", false);
    // Both join the second batch, written while "first" is in flight.
    const gating = file.append("gate\n", true).then(() => events.push("ack:gate"));
    const plain = file.append("plain\n", false).then(() => events.push("ack:plain"));
    await Promise.all([first, gating, plain]);
    expect(events.indexOf("ack:plain")).toBeGreaterThan(events.indexOf("write:gate,plain"));
    expect(events.indexOf("ack:plain")).toBeLessThan(events.indexOf("fsync"));
    expect(events.indexOf("ack:gate")).toBeGreaterThan(events.indexOf("fsync"));
    await file.drain();
  });

  it("acknowledges a plain line after its write, and fsyncs it within the interval", async () => {
    const { handle, events } = recordingHandle();
    const file = new GroupCommitFile(handle, 5);
    await file.append("plain\n", false);
    expect(events).toEqual(["write:plain"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(["write:plain", "fsync"]);
    await file.drain();
  });

  it("runs afterSync hooks after the fsync and before acknowledging", async () => {
    const { handle, events } = recordingHandle();
    const file = new GroupCommitFile(handle, 10_000);
    await file.append("cp\n", true, async () => {
      events.push("head");
    });
    expect(events).toEqual(["write:cp", "fsync", "head"]);
    await file.drain();
  });

  it("fails for good on a write error: pending and later lines reject", async () => {
    const { handle } = recordingHandle({ failWriteAt: 2 });
    const file = new GroupCommitFile(handle, 10_000);
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
    const { handle, events } = recordingHandle({ failSync: true });
    const file = new GroupCommitFile(handle, 10_000);
    await expect(file.append("gate\n", true)).rejects.toMatchObject({ code: "write-failed" });
    await expect(file.append("next\n", false)).rejects.toMatchObject({ code: "write-failed" });
    expect(events).toEqual(["write:gate"]);
  });
});
