// decide() on a 200-rule policy vs Cedar (cedar-wasm) deciding the equivalent policy set, same run.
// Usage: pnpm --filter @lodestar/policy bench
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import {
  type ActionLevel,
  baseLevelOf,
  decide,
  holdsAt,
  levelIndex,
  policyFromObject,
  type ResolvedAction,
  resolveCall,
} from "../src/index.ts";
import { benchRules, cedarPolicies, lodestarPolicy, TOOLS } from "./policy-200.ts";

const RUNG = 2;
const NOW = Date.now();
const CALLS: [string, Record<string, unknown>][] = [
  ["fs.write", { path: "pkg37/src/index.ts" }],
  ["fs.write", { path: "../elsewhere/x" }],
  ["fs.write", { path: ".git/hooks/pre-commit" }],
  ["fs.write", { path: "README.md" }],
  ["fs.delete", { path: "out19/bundle.js" }],
  ["fs.read", { path: "pkg3/a.ts" }],
  ["shell.exec", { command: "tool58 run --fast" }],
  ["shell.exec", { command: "tool3 run; rm -rf /" }],
  ["shell.exec", { command: "make all" }],
  ["http.request", { url: "https://svc44.example.com/v1/items" }],
  ["http.request", { url: "https://svc44.example.com@evil.example/" }],
  ["http.request", { url: "https://svc2.example.com/x", method: "POST" }],
  ["git.push", { remote: "origin", refspec: "team24/feature" }],
  ["git.push", { remote: "origin", refspec: "HEAD:main" }],
  ["git.push", { remote: "fork", refspec: "team1/x" }],
  ["unknown.tool", {}],
];

const rules = benchRules();
const levelOf = new Map(rules.map((r) => [r.id, r.level]));
const policy = policyFromObject(lodestarPolicy(rules));
const workspace = await mkdtemp(path.join(tmpdir(), "lodestar-bench-"));
const resolved: ResolvedAction[] = [];
for (const [tool, args] of CALLS) resolved.push(resolveCall(policy, { tool, args }, { workspace }));
await rm(workspace, { recursive: true, force: true });

// Cedar gets the already-classified call (the same ResolvedAction), so only deciding is compared.
function cedarContext(a: ResolvedAction): Record<string, string | boolean> {
  const p = a.paths[0];
  const c = a.commands[0]?.shell;
  const u = a.urls[0];
  const g = a.git[0];
  return {
    outside: p !== undefined && !p.inside,
    rel: p?.relative ?? "",
    plain: c?.plain ?? true,
    cmd: c?.argv?.join(" ") ?? "",
    scheme: u?.scheme ?? "",
    host: u?.host ?? "",
    method: u?.method ?? "",
    userinfo: u?.userinfo ?? false,
    ip: u !== undefined && u.hostKind !== "domain",
    ref: g?.targets[0]?.name ?? "",
    remote: g?.remote ?? "",
    force: g?.force ?? false,
  };
}
const requests = resolved.map((a) => ({
  principal: { type: "Agent", id: "agent-1" },
  action: { type: "Action", id: a.tool },
  resource: { type: "Call", id: "c" },
  context: cedarContext(a),
  entities: [],
}));
const staticPolicies = cedarPolicies(rules);
const parsed = cedar.preparsePolicySet("bench", { staticPolicies });
if (parsed.type !== "success") throw new Error(`cedar parse failed: ${JSON.stringify(parsed)}`);

/** Cedar's answer turned into the same (verdict, level) the gate produces. */
function cedarDecision(i: number, answer: cedar.AuthorizationAnswer): string {
  if (answer.type !== "success") throw new Error(JSON.stringify(answer.errors));
  const tool = TOOLS[resolved[i]!.tool as keyof typeof TOOLS];
  if (tool === undefined) return "deny";
  const reasons = answer.response.diagnostics.reason;
  if (answer.response.decision === "deny" && reasons.length > 0) return "deny";
  let level: ActionLevel = baseLevelOf(tool.risk);
  if (reasons.length > 0)
    level = reasons
      .map((id) => levelOf.get(id) as ActionLevel)
      .reduce((a, b) => (levelIndex(b) > levelIndex(a) ? b : a));
  return `${holdsAt(level, RUNG) ? "hold" : "allow"} ${level}`;
}
const ctx = { agent: "agent-1", rung: RUNG, now: NOW };
const ours = (i: number): string => {
  const d = decide(policy, resolved[i]!, ctx);
  return d.verdict === "deny" ? "deny" : `${d.verdict} ${d.level}`;
};
const statefulCall = (i: number) =>
  cedar.statefulIsAuthorized({ ...requests[i]!, preparsedPolicySetId: "bench" });
const plainCall = (i: number) => cedar.isAuthorized({ ...requests[i]!, policies: { staticPolicies } });

let agree = 0;
for (let i = 0; i < resolved.length; i++) {
  const a = ours(i);
  const b = cedarDecision(i, statefulCall(i));
  if (a === b) agree++;
  else
    console.log(`  disagree on ${CALLS[i]![0]} ${JSON.stringify(CALLS[i]![1])}: lodestar ${a}, cedar ${b}`);
}

interface Stats {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Per-call latency (µs) over `n` calls cycling through the workload, after a warm-up. */
function measure(n: number, run: (i: number) => unknown): Stats {
  const k = resolved.length;
  for (let i = 0; i < Math.min(n, 20_000); i++) run(i % k);
  const samples = new Float64Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    run(i % k);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalS = Number(process.hrtime.bigint() - start) / 1e9;
  samples.sort();
  return { perSecond: n / totalS, p50: samples[Math.floor(n * 0.5)]!, p99: samples[Math.floor(n * 0.99)]! };
}

/** Throughput without per-call timers. */
function throughput(n: number, run: (i: number) => unknown): number {
  const k = resolved.length;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run(i % k);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const lodestar = measure(500_000, (i) => decide(policy, resolved[i]!, ctx));
const lodestarTput = throughput(1_000_000, (i) => decide(policy, resolved[i]!, ctx));
const withDigest = measure(200_000, (i) =>
  decide(policy, resolved[i]!, { ...ctx, session: "bench-session" }),
);
const stateful = measure(20_000, statefulCall);
const statefulTput = throughput(20_000, statefulCall);
const plain = measure(2_000, plainCall);

const fmt = (s: Stats, tput?: number) =>
  `${Math.round(tput ?? s.perSecond)
    .toLocaleString("en-US")
    .padStart(
      11,
    )} decisions/s   p50 ${s.p50.toFixed(2).padStart(7)} µs   p99 ${s.p99.toFixed(2).padStart(7)} µs`;
console.log(
  `policy: ${rules.length} rules, ${CALLS.length} distinct calls; cedar-wasm ${cedar.getCedarVersion()}; node ${process.version}`,
);
console.log(`decisions agree (verdict and level): ${agree}/${resolved.length}`);
console.log(`lodestar decide                     ${fmt(lodestar, lodestarTput)}`);
console.log(`lodestar decide + action digest     ${fmt(withDigest)}`);
console.log(`cedar statefulIsAuthorized (preparsed) ${fmt(stateful, statefulTput)}`);
console.log(`cedar isAuthorized (parses per call)   ${fmt(plain)}`);
console.log(
  `ratio vs preparsed cedar: ${(lodestarTput / statefulTput).toFixed(1)}x throughput, ${(stateful.p50 / lodestar.p50).toFixed(1)}x p50, ${(stateful.p99 / lodestar.p99).toFixed(1)}x p99`,
);
console.log(`ratio vs cedar isAuthorized: ${(lodestarTput / plain.perSecond).toFixed(0)}x throughput`);
const ok = lodestar.p99 <= 20 && lodestarTput / statefulTput >= 25;
console.log(`targets (p99 ≤ 20 µs, ≥ 25x cedar-wasm): ${ok ? "met" : "NOT met"}`);
if (agree !== resolved.length) process.exitCode = 1;
