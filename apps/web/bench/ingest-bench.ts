// `pnpm bench` for Machinaut ingest: `lodestar ship` (the real CLI bundle) → the API (route
// handlers in their own process) → Postgres, end to end, beside the raw bulk path (COPY through
// the staging table into the same envelopes table, same rows, same run) and the in-process
// verification of the same lines. Targets (issue 10): ≥ 50,000 envelopes/s end to end; a
// 1M-envelope session in < 30 s; an unchanged re-ship in < 1 s.
//
//   BENCH_ENVELOPES=1000000 (default) · DATABASE_URL as for the tests · needs apps/cli/dist (pnpm build)
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { keyIdOf } from "@lodestar/crypto";
import { createSigner, readSecretKeyFile } from "@lodestar/crypto/node";
import { createDb, insertEnvelopes } from "@lodestar/db";
import { createEnvelopeLine, genesisHash } from "@lodestar/envelope";
import { checkpointBody, readLines, signCheckpoint, verifyEnvelopes } from "@lodestar/log";
import { columnsOfVerifiedLine } from "../src/server/ingest/envelope-columns.ts";

const N = Number(process.env.BENCH_ENVELOPES ?? 1_000_000);
// Extra node flags for the server and the shipper, e.g. BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const require = createRequire(import.meta.url);
const TSX = pathToFileURL(require.resolve("tsx")).href;
const HARNESS = fileURLToPath(new URL("../test/support/api-harness.ts", import.meta.url));
const CLI = fileURLToPath(new URL("../../cli/dist/lodestar.js", import.meta.url));
if (!existsSync(CLI)) {
  console.error("ingest bench: build the CLI first (pnpm --filter @lodestar/cli build)");
  process.exit(2);
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: [options.input ? "pipe" : "ignore", "pipe", "pipe"],
    });
    if (options.input) createReadStream(options.input).pipe(child.stdin!);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function must(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
) {
  const r = await run(command, args, options);
  if (r.code !== 0) throw new Error(`${args.join(" ")}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** A session log of `count` content envelopes in the writer's format, checkpoints every 1000. */
async function writeSession(
  file: string,
  session: string,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  count: number,
) {
  const signer = createSigner(secretKey);
  const out = createWriteStream(file);
  let prev = genesisHash(session);
  let seq = 0;
  let lastId: string | undefined;
  let buffer = "";
  const push = (input: Omit<Parameters<typeof createEnvelopeLine>[0], "seq" | "prev" | "session">) => {
    const { envelope, line } = createEnvelopeLine({ ...input, session, seq: seq++, prev });
    prev = envelope.hash;
    lastId = envelope.id;
    buffer += `${line}\n`;
    return envelope;
  };
  for (let i = 0; i < count; i++) {
    const envelope = push({
      kind:
        i === 0
          ? "session.start"
          : (["observation", "belief", "decision", "action", "outcome"] as const)[i % 5]!,
      actor: { agent: "bench-agent", model: "model-x", operator: "bench" },
      parents: lastId ? [lastId] : [],
      sensitivity: "internal",
      body: {
        text: { value: `step ${i}: read the checkout total and compared it with the invoice` },
        // One envelope in ten carries a part above the default ceiling: the shipper redacts it.
        ...(i % 10 === 0 ? { env: { s: "secret", value: { STRIPE_KEY: `sk_live_${i}` } } } : {}),
      },
    });
    if ((i + 1) % 1000 === 0 || i + 1 === count) {
      const claim = signCheckpoint(session, { seq: envelope.seq, hash: envelope.hash }, signer);
      push({
        kind: "checkpoint",
        actor: { agent: "lodestar.log", operator: keyIdOf(publicKey) },
        sensitivity: "public",
        body: checkpointBody(claim),
      });
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return seq;
}

/** COPY text format: backslash, tab, newline and carriage return escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
      )
    : value;
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString("en-US")}/s`;
}

const dir = await mkdtemp(join(tmpdir(), "machinaut-bench-"));
let server: ChildProcess | undefined;
let seeded:
  | { appUrl: string; database: string; tenantId: string; projectId: string; token: string }
  | undefined;
try {
  await must(process.execPath, [CLI, "init", "--operator", "bench"], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LODESTAR_KEY_STORE: `${dir}-keys` },
  });
  const keysDir = join(dir, ".lodestar", "keys");
  const keyFile = (await readdir(keysDir)).find((f) => f.endsWith(".key"))!;
  const key = await readSecretKeyFile(join(keysDir, keyFile));
  const session = "bench-session";
  const file = join(dir, ".lodestar", "sessions", `${session}.ndjson`);
  let t = performance.now();
  const total = await writeSession(file, session, key.secretKey, key.publicKey, N);
  const size = (await stat(file)).size;
  console.log(
    `ingest bench: ${total.toLocaleString("en-US")} envelopes (${N.toLocaleString("en-US")} + checkpoints), ${(size / 2 ** 20).toFixed(0)} MiB, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  seeded = JSON.parse(
    await must(process.execPath, ["--import", TSX, HARNESS, "seed", "--prefix", "g_bench"]),
  );
  // BENCH_JOBS=redis: jobs go to BullMQ for a separate worker (hosted); default: in this web
  // process (self-hosted without Redis), which then also reads every new line back for the index.
  const jobs =
    process.env.BENCH_JOBS === "redis" ? ["--redis", process.env.REDIS_URL ?? "redis://127.0.0.1:6379"] : [];
  console.log(
    `  jobs: ${jobs.length > 0 ? "BullMQ on Redis (hosted web process)" : "in-process (self-hosted)"}`,
  );
  server = spawn(
    process.execPath,
    [...NODE_FLAGS, "--import", TSX, HARNESS, "serve", "--app-url", seeded!.appUrl, ...jobs],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [line] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
  const { url } = JSON.parse(line) as { url: string };
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LODESTAR_MACHINAUT_URL: url,
    LODESTAR_MACHINAUT_TOKEN: seeded!.token,
  };

  t = performance.now();
  const shipped = JSON.parse(
    await must(process.execPath, [...NODE_FLAGS, CLI, "ship", session, "--json"], { cwd: dir, env }),
  );
  const shipMs = performance.now() - t;
  if (shipped.sessions[0].sent !== total)
    throw new Error(`sent ${shipped.sessions[0].sent}, expected ${total}`);
  // Anchor for the re-ship: starting the CLI at all (process start + bundle load), same run.
  t = performance.now();
  await must(process.execPath, [CLI, "--help"], { cwd: dir, env });
  const startMs = performance.now() - t;
  t = performance.now();
  const again = JSON.parse(await must(process.execPath, [CLI, "ship", session, "--json"], { cwd: dir, env }));
  const reshipMs = performance.now() - t;
  if (again.sessions[0].sent !== 0) throw new Error("the unchanged re-ship sent envelopes");

  // Anchors, same rows, same run: verification alone (one thread), and the bulk path alone
  // (COPY into the staging table + INSERT … SELECT under RLS) into the same envelopes table.
  const lines: string[] = [];
  for await (const items of readLines(file))
    for (const item of items) if (item.kind === "line") lines.push(item.text);
  t = performance.now();
  const verdict = verifyEnvelopes(lines, { session });
  const verifyMs = performance.now() - t;
  if (!verdict.ok) throw new Error(`bench log does not verify: ${verdict.code}`);
  const db = createDb({ url: seeded!.appUrl, bulkPoolSize: 1 });
  t = performance.now();
  await db.withTenantSql(seeded!.tenantId, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      INSERT INTO sessions (tenant_id, id, project_id, session, agent, envelopes, head_seq, head_hash, verified, first_ts, last_ts)
      VALUES (${seeded!.tenantId}, gen_random_uuid(), ${seeded!.projectId}, 'copy-anchor', 'bench', 0, 0, '', false, now(), now())
      RETURNING id`;
    await insertEnvelopes(
      tx,
      row!.id,
      lines.map((l) => ({ ...columnsOfVerifiedLine(l), line: l })),
    );
  });
  const copyMs = performance.now() - t;
  await db.close();

  // The limit: a raw COPY of the same rows into the same envelopes table, same run. Postgres
  // refuses COPY FROM into a table with row-level security to every role it applies to (FORCE:
  // the owner too), so this runs as the superuser (trust auth on this machine), through psql
  // reading a COPY text file written beforehand; the rows are deleted afterwards.
  const admin = new URL(seeded!.appUrl);
  admin.username = process.env.BENCH_SUPERUSER ?? "postgres";
  admin.password = "";
  const psql = (sql: string, input?: string) =>
    must(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", admin.href, "-c", sql],
      input ? { input } : {},
    );
  const rawSession = (
    await psql(`INSERT INTO sessions (tenant_id, id, project_id, session, agent, envelopes, head_seq, head_hash, verified, first_ts, last_ts)
      VALUES ('${seeded!.tenantId}', gen_random_uuid(), '${seeded!.projectId}', 'raw-copy-anchor', 'bench', 0, 0, '', false, now(), now())
      RETURNING id`)
  ).trim();
  const copyFile = join(dir, "raw-copy.txt");
  {
    const out = createWriteStream(copyFile);
    let buffer = "";
    for (const l of lines) {
      const c = columnsOfVerifiedLine(l);
      buffer += `${seeded!.tenantId}\t${rawSession}\t${c.seq}\t${c.id}\t${c.kind}\t${c.ts}\t${c.sensitivity}\t${c.hash}\t${copyText(l)}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, "drain");
        buffer = "";
      }
    }
    out.end(buffer);
    await once(out, "finish");
  }
  t = performance.now();
  await psql(
    "COPY envelopes (tenant_id, session_id, seq, id, kind, ts, sensitivity, hash, line) FROM STDIN",
    copyFile,
  );
  const rawMs = performance.now() - t;
  await psql(
    `DELETE FROM envelopes WHERE session_id = '${rawSession}'; DELETE FROM sessions WHERE id = '${rawSession}'`,
  );

  const shipRate = (total / shipMs) * 1000;
  const copyRate = (total / copyMs) * 1000;
  console.log(
    `  lodestar ship → API → Postgres   ${rate(total, shipMs).padStart(12)}   ${(shipMs / 1000).toFixed(1)} s   (target ≥ 50,000/s; 1M in < 30 s)`,
  );
  console.log(
    `  re-ship unchanged                ${`${reshipMs.toFixed(0)} ms`.padStart(12)}   (target < 1 s; anchor \`lodestar --help\` ${startMs.toFixed(0)} ms, ratio ${(reshipMs / startMs).toFixed(2)})`,
  );
  console.log(
    `  anchor: bulk path alone          ${rate(total, copyMs).padStart(12)}   ${(copyMs / 1000).toFixed(1)} s   (COPY to staging + INSERT…SELECT under RLS)`,
  );
  console.log(
    `  anchor: verifyEnvelopes alone    ${rate(total, verifyMs).padStart(12)}   ${(verifyMs / 1000).toFixed(1)} s   (one thread)`,
  );
  console.log(
    `  limit: raw COPY (superuser)      ${rate(total, rawMs).padStart(12)}   ${(rawMs / 1000).toFixed(1)} s   (same rows, same envelopes table, no RLS: the anchor)`,
  );
  console.log(
    `  ratio ship / raw COPY: ${(shipRate / ((total / rawMs) * 1000)).toFixed(2)} · ship / bulk path: ${(shipRate / copyRate).toFixed(2)} · bulk path / raw COPY: ${(copyMs > 0 ? rawMs / copyMs : 0).toFixed(2)}`,
  );
  console.log(
    `  ${total.toLocaleString("en-US")} envelopes shipped in ${(shipMs / 1000).toFixed(1)} s (target for 1M: < 30 s) · unchanged re-ship ${reshipMs.toFixed(0)} ms (target < 1 s)`,
  );
} finally {
  server?.kill("SIGTERM");
  if (seeded) await run(process.execPath, ["--import", TSX, HARNESS, "drop", "--database", seeded.database]);
  await rm(dir, { recursive: true, force: true });
  await rm(`${dir}-keys`, { recursive: true, force: true });
}
