import { describe, expect, it } from 'vitest';
import { canonicalize, toJson, toYaml } from './serialize.ts';

describe('toYaml', () => {
  it('leads with apiVersion, kind and metadata and sorts the rest', () => {
    const text = toYaml({ spec: { b: 1, a: 2 }, metadata: { labels: { z: '1' }, namespace: 'ns', name: 'x' }, kind: 'ConfigMap', apiVersion: 'v1' });
    expect(text).toBe(
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', '  namespace: ns', '  labels:', '    z: "1"', 'spec:', '  a: 2', '  b: 1', ''].join('\n'),
    );
  });
  it('drops null and undefined and never folds long lines', () => {
    const long = 'x'.repeat(300);
    const text = toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: undefined }, data: { k: long, gone: null } });
    expect(text).toBe(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: ${long}\n`);
  });
  it('quotes strings that YAML would read as other types', () => {
    const text = toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 'true', b: '1.18', c: 'null', d: '0x1F' } });
    expect(text).toContain('a: "true"\n');
    expect(text).toContain('b: "1.18"\n');
    expect(text).toContain('c: "null"\n');
    expect(text).toContain('d: "0x1F"\n');
  });
  it('quotes strings that only YAML 1.1 readers (kubectl, Helm, kubeconform) or only YAML 1.2 readers take for other types, keys included', () => {
    const text = toYaml({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', annotations: { 'nginx.ingress.kubernetes.io/proxy-buffering': 'on' } },
      data: { on: 'y', time: '1:30', oct: '0o17', date: '2001-12-14', plain: 'off-peak' },
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: a',
        '  annotations:',
        '    nginx.ingress.kubernetes.io/proxy-buffering: "on"',
        'data:',
        '  date: "2001-12-14"',
        '  oct: "0o17"',
        '  "on": "y"',
        '  plain: off-peak',
        '  time: "1:30"',
        '',
      ].join('\n'),
    );
  });
  it('writes large and small numbers so YAML 1.1 reads them as numbers too', () => {
    expect(toYaml({ apiVersion: 'v1', kind: 'K', metadata: { name: 'x' }, spec: { big: 1e21, small: 1e-7 } })).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: x\nspec:\n  big: 1.0e+21\n  small: 1.0e-7\n',
    );
  });
  it('gives the same bytes for the same object built in any key order', () => {
    const a = toYaml({ apiVersion: 'v1', kind: 'K', metadata: { name: 'n' }, spec: { x: [1, { b: 1, a: 2 }], y: 'z' } });
    const b = toYaml({ spec: { y: 'z', x: [1, { a: 2, b: 1 }] }, metadata: { name: 'n' }, kind: 'K', apiVersion: 'v1' });
    expect(a).toBe(b);
  });
  it('refuses numbers YAML cannot represent faithfully', () => {
    expect(() => canonicalize({ a: Number.NaN })).toThrow(/NaN/);
  });
});

describe('toJson', () => {
  it('sorts keys at every depth and ends with one newline', () => {
    expect(toJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{\n  "a": {\n    "c": 2,\n    "d": 1\n  },\n  "b": 1\n}\n');
  });
});
