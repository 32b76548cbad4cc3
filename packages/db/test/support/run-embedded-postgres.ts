// Child process for embedded-postgres-signals.test.ts: starts embedded Postgres on the folder in
// argv[2], prints one JSON line, then waits to be signalled.
import { startEmbeddedPostgres } from "../../src/index.ts";

const server = await startEmbeddedPostgres({ dataDir: process.argv[2]! });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
setInterval(() => {}, 1 << 30);
