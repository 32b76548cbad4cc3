import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

export interface PathStats {
  name: string;
  p50: number;
  p99: number;
  /** p50 of the first and of the last tenth of the calls: a cost that grows with the run shows here. */
  p50First: number;
  p50Last: number;
}

/** The tools/call every path makes. */
export interface BenchCall {
  name: string;
  arguments: Record<string, unknown>;
}

const READ_GRAPH: BenchCall = { name: "read_graph", arguments: {} };

/**
 * Calls `call` (default `read_graph`) through every path, `calls` times each after `warmup`,
 * interleaved: each round calls every path once, in an order rotated per round so no path always
 * goes first.
 */
export async function measure(
  paths: Record<string, Client>,
  calls: number,
  warmup: number,
  call: BenchCall = READ_GRAPH,
): Promise<PathStats[]> {
  const entries = Object.entries(paths);
  const samples = entries.map(() => [] as number[]);
  for (let i = 0; i < warmup; i++) for (const [, client] of entries) await once(client, call);
  for (let i = 0; i < calls; i++) {
    for (let j = 0; j < entries.length; j++) {
      const k = (i + j) % entries.length;
      samples[k]!.push(await once(entries[k]![1], call));
    }
  }
  const tenth = Math.max(1, Math.floor(calls / 10));
  return entries.map(([name], k) => ({
    name,
    p50: percentile(samples[k]!, 50),
    p99: percentile(samples[k]!, 99),
    p50First: percentile(samples[k]!.slice(0, tenth), 50),
    p50Last: percentile(samples[k]!.slice(-tenth), 50),
  }));
}

async function once(client: Client, call: BenchCall): Promise<number> {
  const start = performance.now();
  const result = await client.callTool(call);
  const elapsed = performance.now() - start;
  // A denied or held call would measure the gate's refusal, not the proxy: every call must run.
  if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
  return elapsed;
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Prints the table; the first row is the baseline each other row is compared with. */
export function report(title: string, stats: PathStats[]): void {
  const [base, ...rest] = stats;
  if (base === undefined) return;
  const ms = (x: number): string => `${x.toFixed(3)} ms`.padStart(10);
  console.log(`\n${title}`);
  const drift = (s: PathStats): string => `${s.p50First.toFixed(2)}→${s.p50Last.toFixed(2)} ms`.padStart(20);
  console.log(
    `${"path".padEnd(40)}${"p50".padStart(10)}${"p99".padStart(10)}${"added p50".padStart(12)}${"added p99".padStart(12)}${"p50 first→last tenth".padStart(22)}`,
  );
  console.log(`${base.name.padEnd(40)}${ms(base.p50)}${ms(base.p99)}${" ".repeat(24)}  ${drift(base)}`);
  for (const s of rest) {
    const a50 = s.p50 - base.p50;
    const a99 = s.p99 - base.p99;
    const verdict = a50 <= 0.5 && a99 <= 1 ? "meets" : "MISSES";
    console.log(
      `${s.name.padEnd(40)}${ms(s.p50)}${ms(s.p99)}  ${ms(a50)}  ${ms(a99)}  ${drift(s)}  ${verdict} target`,
    );
  }
}
