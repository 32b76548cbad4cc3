// Worker-thread entry of the verify pool (verify-pool.ts): checks chunks of lines, in order.
import { parentPort } from "node:worker_threads";
import { type LineChunk, runOfChunk } from "./parse-chunk.ts";

const port = parentPort;
if (port === null) throw new Error("verify-worker runs as a worker thread only");
port.on(
  "message",
  (task: { chunk: LineChunk; maxLineBytes: number; anchors: { seq: number; hash: string }[] }) => {
    port.postMessage(runOfChunk(task.chunk, task.maxLineBytes, task.anchors) ?? null);
  },
);
