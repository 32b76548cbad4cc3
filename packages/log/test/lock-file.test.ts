import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../src/lock-file.ts";

const deadPid = () => spawnSync(process.execPath, ["-e", "0"]).pid!;

describe("acquireLock", () => {
  it("lets exactly one of several racing contenders take over a stale lock", async () => {
    const pid = deadPid(); // one for all rounds: a spawn per round would dominate the test's time
    for (let round = 0; round < 20; round++) {
      const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
      writeFileSync(`${file}.lock`, JSON.stringify({ pid, host: hostname(), token: "stale" }));
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => acquireLock(file)));
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "locked" });
      }
      const owner = JSON.parse(readFileSync(`${file}.lock`, "utf8"));
      expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
      // No draft or stale copies are left behind next to the log.
      await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
      expect(readdirSync(join(file, ".."))).toEqual([]);
    }
  });

  it("never takes a lock from another host (its pid cannot be checked from here)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: deadPid(), host: `${hostname()}-elsewhere`, token: "x" }),
    );
    await expect(acquireLock(file)).rejects.toMatchObject({ code: "locked" });
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it("release leaves a lock that is no longer ours alone", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
    const lock = await acquireLock(file);
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: hostname(), token: "someone-else" }));
    await lock.release();
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8")).token).toBe("someone-else");
  });
});

describe("acquireLock after a writer died inside a takeover", () => {
  // kill -9 can land between a contender linking `<file>.lock.takeover` and releasing it. That
  // mutex's owner is dead: the next writer must take over at once, not wait for it to age.
  it("takes over a stale lock whose takeover mutex belongs to a dead process, at once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), token: "stale" }));
    writeFileSync(
      `${file}.lock.takeover`,
      JSON.stringify({ pid: deadPid(), host: hostname(), token: "dead" }),
    );
    const lock = await acquireLock(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("lets exactly one of several racing contenders through dead mutexes nested two deep", async () => {
    // One dead pid for all rounds: spawning a process per file would dominate the test's time.
    const pid = deadPid();
    const dead = (token: string) => JSON.stringify({ pid, host: hostname(), token });
    for (let round = 0; round < 20; round++) {
      const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
      writeFileSync(`${file}.lock`, dead("stale"));
      writeFileSync(`${file}.lock.takeover`, dead("dead-1"));
      if (round % 2 === 1) writeFileSync(`${file}.lock.takeover.takeover`, dead("dead-2"));
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => acquireLock(file)));
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "locked" });
      }
      await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
      expect(readdirSync(join(file, ".."))).toEqual([]);
    }
  });

  it("still refuses while a live process holds the takeover mutex", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lodestar-lock-")), "log.ndjson");
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), token: "stale" }));
    writeFileSync(
      `${file}.lock.takeover`,
      JSON.stringify({ pid: process.ppid, host: hostname(), token: "live" }),
    );
    await expect(acquireLock(file)).rejects.toMatchObject({ code: "locked" });
    expect(existsSync(`${file}.lock.takeover`)).toBe(true);
  });
});
