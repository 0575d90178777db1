const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds of a Go duration as the schema admits them (`2160h`, `1h30m`, `90s`, `500ms`). */
export function seconds(duration: string): number {
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) total += Number(value) * (UNIT_SECONDS[unit!] ?? 0);
  return total;
}
