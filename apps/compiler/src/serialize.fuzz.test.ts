import { RAW_UNSAFE } from '@strata/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readAsGoYamlV2, trickyString } from './__fixtures__/yaml-spellings.ts';
import { canonicalize, toYaml } from './serialize.ts';

/**
 * Property: whatever the strings, what toYaml writes reads back as the same
 * data in YAML 1.1 (the yaml package's yaml-1.1 schema), in YAML 1.2 (core
 * schema) and in the go-yaml v2 model (kubectl, Helm, kubeconform). Seeds are
 * fixed so CI is reproducible; change one locally to explore further.
 */

const pairs = (value: fc.Arbitrary<unknown>, max: number) => fc.array(fc.tuple(trickyString, value), { maxLength: max }).map((entries) => Object.fromEntries(entries));
const scalar = fc.oneof({ arbitrary: trickyString, weight: 6 }, fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
/** Helm values: strings, numbers and booleans under tricky keys, nested up to three deep, with lists. */
const values = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 3 }), pairs(tie('node'), 4)),
})).node;

const configMap = fc.tuple(pairs(trickyString, 6), pairs(trickyString, 3)).map(([data, annotations]) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'apps', annotations },
  data,
}));

const helmRelease = pairs(values, 5).map((v) => ({
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'app', namespace: 'flux-system' },
  spec: { interval: '1h', chart: { spec: { chart: 'app', version: '1.0.0' } }, values: v },
}));

/** The property, for a given writer: its text reads back as `obj` under every reader. */
const readsBackUnderEveryReader =
  (write: (obj: object) => string) =>
  (obj: object): void => {
    const text = write(obj);
    const expected = canonicalize(obj);
    expect(parse(text, { version: '1.1' }), `YAML 1.1 reading of\n${text}`).toEqual(expected);
    expect(parse(text, { version: '1.2' }), `YAML 1.2 reading of\n${text}`).toEqual(expected);
    expect(readAsGoYamlV2(text), `go-yaml v2 reading of\n${text}`).toEqual(expected);
    // go-yaml folds NEL, LS and PS and refuses C1 controls; only escapes may carry them.
    expect(RAW_UNSAFE.test(text), text).toBe(false);
  };

const CONFIG_MAP_RUNS = { seed: 1811, numRuns: 200 };
const HELM_RELEASE_RUNS = { seed: 2009, numRuns: 150 };

describe('toYaml (property)', () => {
  it('writes ConfigMap data and annotations, keys and values, that every reader reads back as the same strings', () => {
    fc.assert(fc.property(configMap, readsBackUnderEveryReader(toYaml)), CONFIG_MAP_RUNS);
  });

  it('writes nested HelmRelease spec.values that every reader reads back as the same data', () => {
    fc.assert(fc.property(helmRelease, readsBackUnderEveryReader(toYaml)), HELM_RELEASE_RUNS);
  });

  it.each(['1.1', '1.2'] as const)('finds data that the yaml package writing YAML %s alone gets wrong, so the property has teeth', (version) => {
    const plain = (obj: object): string => stringify(canonicalize(obj), { lineWidth: 0, version });
    expect(fc.check(fc.property(configMap, readsBackUnderEveryReader(plain)), { ...CONFIG_MAP_RUNS, endOnFailure: true }).failed).toBe(true);
    expect(fc.check(fc.property(helmRelease, readsBackUnderEveryReader(plain)), { ...HELM_RELEASE_RUNS, endOnFailure: true }).failed).toBe(true);
  });
});
