import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoadedChart, loadChart } from './chart.ts';
import { checkValues, coalesce, compileValuesSchema, type ValuesIssue } from './values.ts';

/** A chart with a 2020-12 schema, a subchart with a draft-07 one, and a dependency whose files are absent. */
const DEMO = fileURLToPath(new URL('./__fixtures__/charts/demo', import.meta.url));

function lines(issues: readonly ValuesIssue[]): string[] {
  return issues.map((i) => `${i.kind}/${i.severity} ${i.path.join('.')}: ${i.message}`);
}

describe('checkValues', () => {
  let demo: LoadedChart;
  beforeAll(async () => {
    demo = await loadChart(DEMO);
  });

  it('reads the chart as Helm does: defaults, schema, subcharts by alias or name, absent dependencies', () => {
    expect(demo.name).toBe('demo');
    expect([...demo.subcharts].map(([key, s]) => [key, s.chart?.name, s.condition])).toEqual([
      ['sub', 'sub', 'sub.enabled'],
      ['gone', undefined, undefined],
    ]);
  });

  it('accepts keys values.yaml, the schema or the templates know, free-form maps, pass-through config and global', () => {
    const values = {
      replicaCount: 3,
      image: { tag: 'v2' },
      podAnnotations: { 'example.org/anything': 'x' },
      resources: { limits: { cpu: '1' } },
      // Only a comment in values.yaml, but the templates read it.
      service: { loadBalancerIP: '10.0.0.1' },
      // toYaml'd whole into the app's config file.
      config: { logLevel: 'debug', cache: { size: 10 } },
      labels: { 'example.org/team': 'edge' },
      extra: { known: 'b' },
      global: { imageRegistry: 'mirror.example.org' },
      sub: { port: 9090, nested: { depth: 3, other: true }, global: { x: 1 } },
      // A dependency without files: its keys cannot be judged.
      gone: { whatever: true },
    };
    expect(lines(checkValues(demo, values))).toEqual([]);
  });

  it('reports a key nobody knows, at its full path, subcharts included', () => {
    expect(lines(checkValues(demo, { replicaCont: 2, service: { typ: 'NodePort' }, sub: { prot: 1 } }))).toEqual([
      'unknown/error replicaCont: is not in values.yaml of demo 1.0.0 and no template reads it: Helm ignores it',
      'unknown/error service.typ: is not in values.yaml of demo 1.0.0 and no template reads it: Helm ignores it',
      'unknown/error sub.prot: is not in values.yaml of sub 0.1.0 and no template reads it: Helm ignores it',
    ]);
  });

  it('validates the merged values against a 2020-12 schema and the subchart’s draft-07 one, reporting a refused key once', () => {
    expect(lines(checkValues(demo, { replicaCount: 0, image: { tagg: 'v2' }, labels: { 'example.org/team': 7 }, sub: { port: 'http' } }))).toEqual([
      'schema/error image.tagg: is not allowed by the schema (additionalProperties: false)',
      'schema/error labels.example.org/team: must be string',
      'schema/error replicaCount: must be >= 1',
      'schema/error sub.port: must be integer',
    ]);
  });

  it('leaves a disabled subchart’s schema alone, as Helm does, but still reports its unknown keys', () => {
    expect(lines(checkValues(demo, { sub: { enabled: false, port: 'http', prot: 1 } }))).toEqual([
      'unknown/error sub.prot: is not in values.yaml of sub 0.1.0 and no template reads it: Helm ignores it',
    ]);
  });

  it('warns, without failing, for a key an open schema allows but neither values.yaml nor a template names', () => {
    expect(lines(checkValues(demo, { extra: { other: 1 } }))).toEqual([
      'unknown/warning extra.other: is not in values.yaml of demo 1.0.0 and no template reads it (the schema allows additional keys here)',
    ]);
  });
});

describe('coalesce', () => {
  it('merges maps, replaces everything else and deletes a default set to null, like Helm', () => {
    expect(coalesce({ a: { b: 1, c: 2 }, list: [1, 2], gone: 1 }, { a: { c: 3 }, list: [3], gone: null })).toEqual({ a: { b: 1, c: 3 }, list: [3] });
  });
});

describe('compileValuesSchema', () => {
  it('picks the draft from $schema: 2020-12 prefixItems, draft-07 items arrays', () => {
    const v2020 = compileValuesSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }] });
    expect([v2020(['a']), v2020([1])]).toEqual([true, false]);
    const v07 = compileValuesSchema({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }] });
    expect([v07(['a']), v07([1])]).toEqual([true, false]);
  });
});
