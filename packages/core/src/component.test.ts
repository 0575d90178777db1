import { describe, expect, it } from 'vitest';
import { type ComponentSpec, defineComponent, defineComponentSpec } from './component.ts';
import { createSpecLoader } from './spec/load.ts';

const schema = { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false }, size: { type: 'integer', default: 1 } } };

describe('defineComponentSpec and defineComponent', () => {
  it('hold a spec part and a whole component to the same contract', () => {
    for (const define of [defineComponentSpec, (def: ComponentSpec) => defineComponent({ ...def, render: () => undefined })]) {
      expect(() => define({ name: 'Big_Pools', key: 'pools', description: 'x', schema })).toThrow('component name "Big_Pools" must be kebab-case');
      expect(() => define({ name: 'pools', key: 'Pools', description: 'x', schema })).toThrow('component pools: key "Pools" must be camelCase');
      expect(() => define({ name: 'pools', key: 'pools', description: 'x', schema: { ...schema, additionalProperties: true } })).toThrow(
        'component pools: schema must be an object with additionalProperties: false and enabled: {type: boolean, default: false}',
      );
    }
  });

  it('loads and checks a spec with the spec part alone, no render', () => {
    const spec = defineComponentSpec<{ size: number }>({
      name: 'pools',
      key: 'pools',
      description: 'Pools, for tests.',
      schema,
      check: ({ block }) => (block.size > 3 ? [{ path: ['spec', 'pools', 'size'], message: 'must be <= 3' }] : []),
    });
    const text = [
      'apiVersion: strata.dev/v1alpha1',
      'kind: Cluster',
      'metadata: {name: lab}',
      'spec:',
      '  kubernetes: {version: "1.33"}',
      '  network: {nodeSubnet: 10.20.0.0/24, nodes: [{name: n1, address: 10.20.0.11, roles: [control-plane, worker]}], podCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/16}',
      '  gitops: {engine: flux, repository: {url: "https://example.org/lab.git"}}',
      '  pools: {enabled: true, size: 4}',
      '',
    ].join('\n');
    const result = createSpecLoader([spec]).load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(text) });
    expect(result.findings.map((f) => `${f.line}:${f.column} ${f.path} ${f.message}`)).toEqual(['8:32 spec.pools.size must be <= 3']);
  });
});
