import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface Floor {
  p50: number;
  p99: number;
}

/**
 * What durability alone costs per guarded call on this disk: a write of one call's proposal and
 * decision (~2.4 KB) and the fdatasync the protocol requires before the tool runs, after the
 * previous call's outcome (~4 KB) was written — the same I/O the kernel does, without the kernel.
 */
export function fsyncFloor(dir: string, calls: number): Floor {
  const file = join(dir, "fsync-floor.ndjson");
  const fd = openSync(file, "a", 0o600);
  const decision = Buffer.alloc(2400, 0x61);
  const outcome = Buffer.alloc(4000, 0x62);
  const samples: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      writeSync(fd, outcome);
      const start = performance.now();
      writeSync(fd, decision);
      fdatasyncSync(fd);
      samples.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(file);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(calls * 0.5)]!,
    p99: samples[Math.min(calls - 1, Math.floor(calls * 0.99))]!,
  };
}
