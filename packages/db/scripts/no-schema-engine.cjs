#!/usr/bin/env node
// Stand-in for Prisma's schema-engine binary, which cannot be downloaded on these machines.
// `prisma validate`/`generate`/`format` only need the path to exist. Every migrate/db request gets
// a JSON-RPC error back, so such a command fails loudly instead of pretending to succeed
// (docs/adr/0004). Apply migrations with @lodestar/db's applyMigrations.
const message =
  "schema-engine binary not available offline: apply migrations with @lodestar/db (docs/adr/0004)";
if (process.argv.includes("--version")) {
  console.log("schema-engine-cli offline-stub");
  process.exit(0);
}
if (process.argv.includes("cli")) {
  console.error(message);
  process.exit(1);
}
let buffered = "";
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  const lines = buffered.split("\n");
  buffered = lines.pop() ?? "";
  for (const line of lines) {
    let id = null;
    try {
      id = JSON.parse(line).id;
    } catch {}
    const error = { code: 4466, message, data: { message, is_panic: false, error_code: "OFFLINE" } };
    process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, error })}\n`);
  }
});
process.stdin.on("end", () => process.exit(0));
