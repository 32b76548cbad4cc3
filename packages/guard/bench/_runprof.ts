import { mkdtemp, realpath, writeFile } from "node:fs/promises"; import { tmpdir } from "node:os"; import { join } from "node:path";
import { createRequire } from "node:module";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { initLodestarHome } from "./kernel-home.ts";
const require = createRequire(import.meta.url);
const fsBin = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
const dir = await realpath(await mkdtemp(join(tmpdir(), "rp-")));
const home = await initLodestarHome(dir);
const file = join(dir, "notes.txt"); await writeFile(file, "A line of notes for the bench to read back through the guard.\n".repeat(64));
const cli = join(import.meta.dirname, "../../../apps/cli/dist/lodestar.js");
const direct = new Client({ name: "a", version: "1" }); await direct.connect(new StdioClientTransport({ command: process.execPath, args: [fsBin, dir], stderr: "ignore" }));
const prof = process.env.PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.PROF}` } : {};
const viaRun = new Client({ name: "a", version: "1" }); await viaRun.connect(new StdioClientTransport({ command: process.execPath, args: [...(process.env.PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROF}`] : []), cli, "run", "--agent", "bench-agent", "--session", "rp", "--", process.execPath, fsBin, dir], env: { ...process.env, LODESTAR_HOME: home.root} as Record<string,string>, stderr: "inherit" }));
const call = { name: "read_text_file", arguments: { path: file } };
const a: number[] = [], b: number[] = [];
const N = Number(process.env.N ?? 3000);
for (let i = 0; i < N; i++) {
  for (const [c, xs] of (i % 2 ? [[direct, a], [viaRun, b]] : [[viaRun, b], [direct, a]]) as [Client, number[]][]) {
    const t = performance.now(); const r = await c.callTool(call); const dt = performance.now() - t; if (r.isError) throw new Error(JSON.stringify(r)); if (i >= 300) xs.push(dt);
  }
}
const p = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * q)]!;
console.log(`direct p50 ${p(a,.5).toFixed(3)} p99 ${p(a,.99).toFixed(3)} | run p50 ${p(b,.5).toFixed(3)} p99 ${p(b,.99).toFixed(3)} | added p50 ${(p(b,.5)-p(a,.5)).toFixed(3)} p99 ${(p(b,.99)-p(a,.99)).toFixed(3)}`);
await direct.close(); await viaRun.close();
