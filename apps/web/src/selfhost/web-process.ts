import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SelfhostError } from "./selfhost-error.ts";

/** The Next.js CLI of this app (resolved from apps/web, not from wherever the bin was called). */
function nextBin(webDir: string): string {
  return createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");
}

/** Builds the web app once (a fresh clone has no `.next`); later starts reuse the build. */
export async function ensureBuilt(webDir: string, log: (line: string) => void): Promise<void> {
  if (existsSync(join(webDir, ".next", "BUILD_ID"))) return;
  log("Building the web app (first start only; about a minute)…");
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [nextBin(webDir), "build"], {
      cwd: webDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new SelfhostError("build", `the web app build failed (exit ${code})`);
}

export interface WebProcess {
  child: ChildProcess;
  /** Resolves with the exit code when the web process ends. */
  exited: Promise<number>;
}

/** Starts `next start` bound to `host:port` with the server's environment. */
export function startWeb(webDir: string, host: string, port: number, env: NodeJS.ProcessEnv): WebProcess {
  const child = spawn(
    process.execPath,
    [nextBin(webDir), "start", "--hostname", host, "--port", String(port)],
    {
      cwd: webDir,
      env: { ...env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const exited = new Promise<number>((resolve) =>
    child.on("close", (c, signal) => resolve(c ?? (signal ? 1 : 0))),
  );
  return { child, exited };
}

/** Polls the health route until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitHealthy(url: string, web: WebProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void web.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new SelfhostError("web", "the web process exited during start-up (its errors are above)");
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new SelfhostError("web", `the web app did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}
