import { spawnSync } from 'node:child_process';
import { goYamlV2Tag, RAW_UNSAFE } from '@strata/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, stringify } from 'yaml';
import { needShared, sharedResource } from '@strata/core/shared';
import { TRICKY, trickyString } from './__fixtures__/yaml-spellings.ts';
import { toYaml } from './serialize.ts';

/**
 * A real go-yaml v2 reader as the oracle: kubeconform reads YAML through
 * sigs.k8s.io/yaml, like kubectl, and a ConfigMap data value that it reads as
 * a boolean or a number fails the schema (`got boolean, want null or string`).
 */

// The fixed table and a fixed sample of the weighted generator: a few hundred strings.
/** kubeconform 0.7.0, strict and offline (go-yaml v2 through sigs.k8s.io/yaml, like kubectl). */
const KC_STRICT = sharedResource('tools/kubeconform/kc-strict');

const SPELLINGS = [...TRICKY, ...fc.sample(trickyString, { seed: 4242, numRuns: 300 })];

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'yaml-agreement', namespace: 'apps' },
  data: Object.fromEntries(SPELLINGS.map((s, i) => [`k${String(i).padStart(3, '0')}`, s])),
};

function kubeconform(tool: string, text: string): { status: number | null; stdout: string } {
  const run = spawnSync(tool, ['-'], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout };
}

describe('kubeconform reading what strata writes', () => {
  it('rejects the ConfigMap as the yaml package writes it in YAML 1.2 mode: bare on, y, 0X1F are booleans and numbers to it', ({ skip }) => {
    const tool = needShared({ skip }, KC_STRICT);
    // Raw C1 controls stop go-yaml before it looks at a single value.
    const run = kubeconform(tool, stringify(configMap, { version: '1.2', lineWidth: 0 }));
    expect(run.stdout).toContain('yaml: control characters are not allowed');
    expect(run.status).toBe(1);
    // Without them, the values it misreads fail the schema.
    const printable = { ...configMap, data: Object.fromEntries(Object.entries(configMap.data).filter(([, v]) => !RAW_UNSAFE.test(v))) };
    const typed = kubeconform(tool, stringify(printable, { version: '1.2', lineWidth: 0 }));
    expect(typed.stdout).toMatch(/got (boolean|number|integer), want null or string/);
    expect(typed.stdout).toContain('Valid: 0, Invalid: 1, Errors: 0');
    expect(typed.status).toBe(1);
  });

  it(`accepts the same ConfigMap of ${SPELLINGS.length} tricky strings as toYaml writes it`, ({ skip }) => {
    const tool = needShared({ skip }, KC_STRICT);
    const run = kubeconform(tool, toYaml(configMap));
    expect(run.stdout).toBe('Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n');
    expect(run.status).toBe(0);
  });

  it('breaks on a bare LS, a line break to YAML 1.1 only, and reads the escaped one toYaml writes', ({ skip }) => {
    const tool = needShared({ skip }, KC_STRICT);
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n';
    expect(kubeconform(tool, `${head}  v: a\u2028b\n`).stdout).toContain("yaml: line 8: could not find expected ':'");
    const written = toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { v: 'a\u2028b' } });
    expect(written).toBe(`${head}  v: "a\\Lb"\n`);
    expect(kubeconform(tool, written).status).toBe(0);
  });

  it('rejects exactly the bare values that the go-yaml v2 model resolves to a boolean or a number', ({ skip }) => {
    const tool = needShared({ skip }, KC_STRICT);
    // Only spellings that can stand bare as a value; one ConfigMap each, so every verdict is kubeconform's own.
    const bare = [...new Set(SPELLINGS)].filter((s) => {
      const doc = parseDocument(`v: ${s}\n`);
      const node = doc.get('v', true);
      return doc.errors.length === 0 && isScalar(node) && node.type === 'PLAIN' && node.source === s && !RAW_UNSAFE.test(s);
    });
    expect(bare.length).toBeGreaterThan(200);
    const stream = bare.map((s, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  v: ${s}\n`).join('---\n');
    const run = kubeconform(tool, stream);
    const rejected = [...run.stdout.matchAll(/ConfigMap c(\d+) is invalid/g)].map((m) => bare[Number(m[1])]).sort();
    const typed = bare.filter((s) => ['bool', 'int', 'float'].includes(goYamlV2Tag(s)));
    // .inf and .nan are floats to go-yaml that JSON cannot hold: sigs.k8s.io/yaml fails on the whole object instead.
    const nonFinite = typed.filter((s) => /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s));
    expect(rejected).toEqual(typed.filter((s) => !nonFinite.includes(s)).sort());
    expect(nonFinite.length).toBeGreaterThan(0);
    expect(run.stdout.match(/json: unsupported value: (\+Inf|-Inf|NaN)/g)?.length).toBe(nonFinite.length);
    expect(run.stdout).toContain(`Valid: ${bare.length - typed.length}, Invalid: ${typed.length - nonFinite.length}, Errors: ${nonFinite.length}`);
  });
});
