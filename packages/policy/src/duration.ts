const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `5m`, `1h`, `2d`, or a whole number of seconds → milliseconds. */
export function durationMs(value: number | string): number {
  if (typeof value === "number") return value * 1000;
  const unit = value.at(-1) as keyof typeof UNIT_MS;
  return Number(value.slice(0, -1)) * UNIT_MS[unit];
}
