import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GroupCommitFile } from "../src/group-commit.ts";
import type { LogSink } from "../src/log-sink.ts";
import { propertyTimeout, runs } from "./support/build-log.ts";

type Op = { append: true; durable: boolean; hook: boolean } | { append: false };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ append: fc.constant(true as const), durable: fc.boolean(), hook: fc.boolean() }),
  fc.constant({ append: false as const }),
);

const io = new Error("EIO");

/**
 * Every interleaving of appends with pool writes, pool fsyncs and head-file hooks completing in
 * any order (fast-check's scheduler), with an I/O failure injected at a random write or fsync:
 * lines reach the file in append order, a plain line is acknowledged only after its write, a
 * durable one only after an fsync that started once it was written (and after its hook), nothing
 * is acknowledged after the failure that was not durable before it, and nothing is left pending.
 */
describe("GroupCommitFile under any interleaving (model)", () => {
  it(
    "keeps its promises in every order the I/O can complete in",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.array(op, { minLength: 1, maxLength: 25 }),
          fc.constantFrom(0, 6, 4096),
          fc.option(fc.nat(8), { nil: undefined }),
          async (s, ops, inlineIoBytes, failAt) => {
            const file: number[] = []; // line numbers in the order they reached the "file"
            let durableCount = 0; // lines covered by a completed fsync
            let ioCount = 0;
            let failed = false;
            const hooked = new Set<number>();
            const maybeFail = () => {
              if (ioCount++ === failAt) {
                failed = true;
                throw io;
              }
            };
            const write = (bytes: Buffer, offset: number, length: number) => {
              maybeFail();
              for (const line of bytes
                .subarray(offset, offset + length)
                .toString()
                .trim()
                .split("\n"))
                file.push(Number(line));
              return length;
            };
            const sink: LogSink = {
              write,
              writeInPool: (b, o, l) => s.schedule(Promise.resolve(), "write").then(() => write(b, o, l)),
              syncNow: () => {
                const covered = file.length;
                maybeFail();
                durableCount = Math.max(durableCount, covered);
              },
              sync: () => {
                const covered = file.length;
                return s.schedule(Promise.resolve(), "fsync").then(() => {
                  maybeFail();
                  durableCount = Math.max(durableCount, covered);
                });
              },
            };
            const gc = new GroupCommitFile(sink, { syncIntervalMs: 1_000_000, inlineIoBytes });
            const settled: Promise<void>[] = [];
            const unsettled = new Set<number>();
            let n = 0;
            for (const step of ops) {
              if (!step.append) {
                await new Promise((r) => setImmediate(r)); // let the writer schedule its I/O first
                if (s.count() > 0) await s.waitOne();
                continue;
              }
              const line = n++;
              const failedBefore = gc.failure !== undefined;
              const hook = step.hook
                ? () => s.schedule(Promise.resolve(), "head").then(() => void hooked.add(line))
                : undefined;
              unsettled.add(line);
              settled.push(
                gc
                  .append(`${line}\n`, step.durable, hook)
                  .finally(() => unsettled.delete(line))
                  .then(
                    () => {
                      expect(failedBefore, `line ${line} acknowledged though appended after a failure`).toBe(
                        false,
                      );
                      expect(
                        file.indexOf(line),
                        `line ${line} acknowledged before its write`,
                      ).toBeGreaterThanOrEqual(0);
                      if (step.durable || step.hook) {
                        expect(
                          file.indexOf(line),
                          `line ${line} acknowledged before an fsync covered it`,
                        ).toBeLessThan(durableCount);
                      }
                      if (step.hook)
                        expect(hooked.has(line), `line ${line} acknowledged before its hook`).toBe(true);
                    },
                    (error: unknown) => {
                      expect(failed, `line ${line} rejected without an I/O failure`).toBe(true);
                      expect(error).toMatchObject({ code: "write-failed" });
                    },
                  ),
              );
            }
            let drained = false;
            void gc.drain().then(() => {
              drained = true;
            });
            await s.waitIdle();
            await new Promise((r) => setImmediate(r));
            // Nothing may be left pending once every write and fsync has returned.
            expect(drained, "drain still pending").toBe(true);
            expect(unsettled, "appends still pending").toEqual(new Set());
            await Promise.all(settled);
            // drain fsyncs everything that was written.
            if (!failed) expect(durableCount).toBe(n);
            // The file holds a prefix of the appends, in append order; without a failure, all of them.
            expect(file).toEqual(file.map((_, i) => i));
            if (!failed) expect(file).toHaveLength(n);
          },
        ),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
