import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@lodestar/crypto";
import { openLogWriter, verifyLog } from "@lodestar/log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LODESTAR_BUNDLE, lodestar, userEnv } from "./support/lodestar-cli.ts";

// The built CLI verifies a log past the parallel threshold (8 MiB) with the worker thread it ships
// beside itself (dist/verify-worker.js), from a folder that is not the repository.
const dir = mkdtempSync(join(tmpdir(), "lodestar-bundle-"));
const file = join(dir, "big.ndjson");
let count = 0;

beforeAll(async () => {
  const writer = await openLogWriter({ file, session: "bundle", operatorKey: generateKeyPair() });
  const content = "a line of tool output that fills the envelope up to about a kilobyte\n".repeat(14);
  const pending: Promise<unknown>[] = [];
  for (; count < 9000; count++) {
    pending.push(
      writer.append({
        kind: "observation",
        actor: { agent: "bundle-test" },
        sensitivity: "internal",
        body: { n: { value: count }, content: { value: content } },
      }),
    );
  }
  await Promise.all(pending);
  await writer.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the built lodestar bundle", () => {
  it("verifies a 9+ MB log with its worker, and finds the same break as the streaming pass", async () => {
    expect(existsSync(LODESTAR_BUNDLE.args[0]!), "run `pnpm build` (npm test does) first").toBe(true);
    // --workers: an explicit pool fails (exit 2) instead of streaming if the worker cannot start.
    const ok = await lodestar(["verify", file, "--json", "--workers", "1"], {
      cwd: dir,
      env: userEnv(),
      cli: LODESTAR_BUNDLE,
    });
    expect(ok.status, ok.stderr).toBe(0);
    const total = count + Math.ceil(count / 1000); // checkpoints every 1000 envelopes and at close
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, session: "bundle", count: total });

    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length * 0.6);
    bytes[at] = bytes[at]! ^ 0x01;
    const edited = join(dir, "edited.ndjson");
    writeFileSync(edited, bytes);
    const expected = await verifyLog(edited, { workers: 0 });
    expect(expected.ok).toBe(false);
    const broken = await lodestar(["verify", edited, "--json"], {
      cwd: dir,
      env: userEnv(),
      cli: LODESTAR_BUNDLE,
    });
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      code: expected.ok ? "" : expected.code,
      seq: expected.ok ? -1 : expected.seq,
      line: expected.ok ? -1 : expected.line,
    });
  }, 60_000);
});
