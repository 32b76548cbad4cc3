import { spawn } from "node:child_process";
import { ToolError } from "../errors.ts";

export interface RunProcessOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child: nothing is inherited implicitly. */
  env: Record<string, string>;
  timeoutMs: number;
  /** Cap on stdout + stderr kept; the rest is drained and dropped (`truncated: true`). */
  maxOutputBytes: number;
  stdin?: string;
  signal?: AbortSignal;
}

export interface RunProcessResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
}

/**
 * Runs one program with an argv array and `shell: false`: arguments reach the program verbatim,
 * so `;`, `|`, `$(...)` and globs are literal bytes (threat: shell metacharacter injection).
 * The child leads its own process group so a timeout or abort kills everything it spawned.
 */
export function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ToolError("aborted", `${options.file} was aborted before it started`));
      return;
    }
    const child = spawn(options.file, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      detached: true,
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL"); // group already gone; make sure the leader is too
      }
    };
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      const room = options.maxOutputBytes - kept;
      if (room <= 0) {
        truncated = true;
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) truncated = true;
      chunks[stream].push(part);
      kept += part.length;
    };
    child.stdout?.on("data", collect("stdout"));
    child.stderr?.on("data", collect("stderr"));
    if (options.stdin !== undefined && child.stdin) {
      child.stdin.on("error", () => undefined); // the child may exit without reading its input
      child.stdin.end(options.stdin);
    }

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });

    // A grandchild that escaped the group may hold our pipes open; do not wait on it forever.
    let exitGrace: NodeJS.Timeout | undefined;
    child.on("exit", () => {
      exitGrace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 2_000);
    });

    const finish = (error: ToolError | undefined, exitCode: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (exitGrace !== undefined) clearTimeout(exitGrace);
      options.signal?.removeEventListener("abort", onAbort);
      if (error !== undefined) {
        reject(error);
        return;
      }
      if (aborted) {
        reject(new ToolError("aborted", `${options.file} was aborted`));
        return;
      }
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(chunks.stdout).toString("utf8"),
        stderr: Buffer.concat(chunks.stderr).toString("utf8"),
        truncated,
        timedOut,
      });
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      const code = error.code === "ENOENT" ? "not-found" : "spawn-failed";
      finish(
        new ToolError(code, `cannot run ${options.file}: ${error.message}`, { cause: error }),
        null,
        null,
      );
    });
    child.on("close", (code, signal) => finish(undefined, code, signal));
  });
}
