import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { promqlProblems } from './__fixtures__/promql.ts';

const RENDERED = fileURLToPath(new URL('../../../rendered', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('PromQL checking', () => {
  it('finds a syntax error and where it is', () => {
    expect(promqlProblems('sum(rate(x_total[5m])) by (job)')).toEqual([]);
    expect(promqlProblems('sum(rate(x_total[5m]) by (job)')).not.toEqual([]);
    expect(promqlProblems('rate(x_total[5m]) >')).not.toEqual([]);
    // Unknown functions and unquoted label values are errors, as in Prometheus.
    expect(promqlProblems('ratez(x_total[5m])')).not.toEqual([]);
    expect(promqlProblems('x_total{job=api}')).toEqual(['at 12: syntax error near "total{job=api}"']);
  });

  // Every alert any component renders (observability's and cert-manager's), as committed: what Prometheus loads.
  const rules = files(RENDERED)
    .filter((f) => /\/prometheusrule-[^/]+\.yaml$/.test(f))
    .flatMap((f) =>
      ((parse(readFileSync(f, 'utf8')) as { spec: { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] } }).spec.groups ?? []).flatMap((g) =>
        g.rules.map((r) => [`${f.slice(RENDERED.length + 1)} ${r.alert ?? r.record}`, r.expr] as const),
      ),
    );

  it('has the rendered rules to check', () => {
    expect(rules.length).toBeGreaterThan(10);
  });

  it.each(rules)('%s parses as PromQL', (_, expr) => {
    expect(promqlProblems(expr)).toEqual([]);
  });
});
