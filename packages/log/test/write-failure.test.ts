import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { openLogWriter, tornFilePath, verifyLog } from "../src/index.ts";

// A full disk, for real: the child runs under `ulimit -f`, so write(2) fails with EFBIG once the
// log reaches 100 blocks (possibly after writing part of a batch, like ENOSPC would).
const child = fileURLToPath(new URL("./fixtures/fill-child.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const seed = "42".repeat(32);

describe("writer on a full disk", () => {
  it("rejects the failing append, fails every later one, and loses nothing acknowledged", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lodestar-full-")), "log.ndjson");
    const { stdout } = await promisify(execFile)(
      "/bin/sh",
      ["-c", `ulimit -f 100; exec "${process.execPath}" --import tsx "${child}" "${file}" ${seed}`],
      { cwd: packageDir },
    );
    const report = JSON.parse(stdout) as {
      acked: number[];
      failure: { code: string; cause: string };
      after: string;
      state: string;
    };
    expect(report.failure).toEqual({ code: "write-failed", cause: "EFBIG" });
    expect(report.after).toBe("writer-failed");
    expect(report.state).toBe("failed");
    expect(report.acked.length).toBeGreaterThan(0);

    // The next writer (no size limit now) sets the partial batch aside and continues the chain.
    const writer = await openLogWriter({
      file,
      session: "ses_full",
      operatorKey: { secretKey: Buffer.from(seed, "hex") },
    });
    await writer.close();
    expect(await verifyLog(file)).toMatchObject({ ok: true });
    const seqs = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).seq as number);
    for (const seq of report.acked) expect(seqs).toContain(seq);
    // Whatever the failed write left half-written was set aside, not dropped.
    if (existsSync(tornFilePath(file))) {
      const torn = JSON.parse(readFileSync(tornFilePath(file), "utf8").trim().split("\n")[0]!) as {
        length: number;
      };
      expect(torn.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
