#!/usr/bin/env node
// Stand-in for Prisma's schema-engine binary, which cannot be downloaded here (binaries.prisma.sh).
// `prisma generate`/`validate`/`format` only need the path to exist. Any migrate/db command gets a
// JSON-RPC error back, so it fails deterministically (exit 1) instead of silently doing nothing.
const msg = "schema-engine binary not available offline: apply migrations with @lodestar/db (applyMigrations; docs/adr/0004)"
if (process.argv.includes('--version')) { console.log('schema-engine-cli offline-stub'); process.exit(0) }
let buf = ''
process.stdin.on('data', (d) => {
  buf += d
  let i
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1)
    let id = null
    try { id = JSON.parse(line).id } catch {}
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code: 4466, message: msg, data: { message: msg, is_panic: false, error_code: 'OFFLINE' } } }) + '\n')
  }
})
process.stdin.on('end', () => process.exit(0))
// one-shot mode: schema-engine --datasource {...} cli <command>
if (process.argv.includes('cli')) { console.error(msg); process.exit(1) }
