// resolveCall + decide with the home's anchors (the protected-anchor rule, as the kernel runs it)
// against the anchor measured in the same run: the same calls, same policy, without anchors.
// Usage: npx tsx packages/policy/bench/protected-anchors.ts
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  decide,
  loadPolicyFile,
  type ProtectedAnchors,
  type ResolveContext,
  resolveCall,
} from "../src/index.ts";

const policy = await loadPolicyFile(new URL("../examples/policy.yaml", import.meta.url).pathname);
const base = await realpath(await mkdtemp(path.join(tmpdir(), "lodestar-bench-anchors-")));
const workspace = path.join(base, "ws");
const home = path.join(workspace, ".lodestar");
for (const d of ["src", ".lodestar/keys", ".lodestar/sessions", ".lodestar/approvals"])
  await mkdir(path.join(workspace, d), { recursive: true });
await writeFile(path.join(workspace, "src", "a.ts"), "export {};\n");
const anchors: ProtectedAnchors = {
  userHome: path.join(base, "user"),
  anchors: [
    { kind: "home", path: home },
    { kind: "config", path: path.join(home, "config.yaml") },
    { kind: "policy", path: path.join(home, "policy.yaml") },
    { kind: "pinned-keys", path: path.join(home, "pinned-keys.json") },
    { kind: "operator-keys", path: path.join(home, "keys") },
    { kind: "key-store", path: path.join(base, "user", ".local", "share", "lodestar", "keys") },
    { kind: "sessions", path: path.join(home, "sessions") },
    { kind: "approvals", path: path.join(home, "approvals") },
  ],
};
const CALLS: [string, Record<string, unknown>][] = [
  ["read_text_file", { path: "src/a.ts" }],
  ["write_file", { path: "src/b.ts", content: "export const b = 1;\n".repeat(50) }],
  ["move_file", { source: "src/a.ts", destination: "src/c.ts" }],
  ["shell.exec", { argv: ["git", "status"] }],
  ["shell.exec", { script: "pnpm test -- --run src/a.test.ts", shell: true }],
];

function perSecond(label: string, ctx: ResolveContext): number {
  const run = () => {
    for (const [tool, args] of CALLS)
      decide(policy, resolveCall(policy, { tool, args }, ctx), { agent: "a", rung: 2, now: 0 });
  };
  for (let i = 0; i < 500; i++) run(); // warm-up
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 400) {
      run();
      n += CALLS.length;
    }
    best = Math.max(best, (n * 1000) / (performance.now() - start));
  }
  console.log(`${label.padEnd(40)} ${Math.round(best).toLocaleString("en-US").padStart(10)} calls/s`);
  return best;
}

const without = perSecond("resolve + decide, no anchors (anchor)", { workspace });
const withAnchors = perSecond("resolve + decide, 8 anchors", { workspace, protected: anchors });
console.log(
  `ratio with/without: ${(withAnchors / without).toFixed(2)} (best of 5 slices, ${CALLS.length} calls)`,
);
await rm(base, { recursive: true, force: true });
