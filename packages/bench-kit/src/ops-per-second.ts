/**
 * Calls per second of `fn`: warms up, then times `rounds` slices of `ms` each and reports the best
 * slice. The best, not the mean, because on a shared machine interference only ever slows a slice.
 */
export function opsPerSecond(fn: () => void, ms = 300, rounds = 7): number {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) fn();
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < 16; i++) fn();
      calls += 16;
      now = performance.now();
    }
    best = Math.max(best, calls / ((now - start) / 1000));
  }
  return best;
}

export function formatRate(value: number, unit: string): string {
  return `${value.toLocaleString("en-US", { maximumFractionDigits: value < 100 ? 1 : 0 })} ${unit}`;
}
