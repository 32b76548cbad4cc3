import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

export interface PathStats {
  name: string;
  p50: number;
  p99: number;
}

/**
 * Calls `read_graph` through every path, `calls` times each after `warmup`, interleaved: each round
 * calls every path once, in an order rotated per round so no path always goes first.
 */
export async function measure(
  paths: Record<string, Client>,
  calls: number,
  warmup: number,
): Promise<PathStats[]> {
  const entries = Object.entries(paths);
  const samples = entries.map(() => [] as number[]);
  for (let i = 0; i < warmup; i++) for (const [, client] of entries) await once(client);
  for (let i = 0; i < calls; i++) {
    for (let j = 0; j < entries.length; j++) {
      const k = (i + j) % entries.length;
      samples[k]!.push(await once(entries[k]![1]));
    }
  }
  return entries.map(([name], k) => ({
    name,
    p50: percentile(samples[k]!, 50),
    p99: percentile(samples[k]!, 99),
  }));
}

async function once(client: Client): Promise<number> {
  const start = performance.now();
  const result = await client.callTool({ name: "read_graph", arguments: {} });
  const elapsed = performance.now() - start;
  if (result.isError) throw new Error(`read_graph failed: ${JSON.stringify(result.content)}`);
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
  console.log(
    `${"path".padEnd(40)}${"p50".padStart(10)}${"p99".padStart(10)}${"added p50".padStart(12)}${"added p99".padStart(12)}`,
  );
  console.log(`${base.name.padEnd(40)}${ms(base.p50)}${ms(base.p99)}`);
  for (const s of rest) {
    const a50 = s.p50 - base.p50;
    const a99 = s.p99 - base.p99;
    const verdict = a50 <= 0.5 && a99 <= 1 ? "meets" : "MISSES";
    console.log(`${s.name.padEnd(40)}${ms(s.p50)}${ms(s.p99)}  ${ms(a50)}  ${ms(a99)}  ${verdict} target`);
  }
}
