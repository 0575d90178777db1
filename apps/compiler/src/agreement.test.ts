import { formatFinding } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkWrittenYaml, compareReaders, describeValue, differences, readDocuments } from './agreement.ts';
import { toYaml } from './serialize.ts';

const FILE = 'rendered/lab/config/x/configmap-a.yaml';
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', annotations: { 'example.org/buffering': 'on' } }, data: { mode: '0o17', at: '1:30' } };

describe('checkWrittenYaml', () => {
  it('accepts what toYaml writes: both readers read back the object', () => {
    expect(checkWrittenYaml(FILE, toYaml(configMap), configMap)).toEqual([]);
  });

  it('names each field that a reader reads differently from the validated object, with every reading', () => {
    // What a writer in either of the yaml package's modes gets wrong: 1.2 leaves `on` and `1:30` bare, 1.1 leaves `0o17` bare.
    const text = `${stringify(configMap, { version: '1.2' }).replace('"0o17"', '0o17')}`;
    expect(text).toContain('example.org/buffering: on\n');
    const findings = checkWrittenYaml(FILE, text, configMap);
    expect(findings.map(formatFinding)).toEqual([
      `${FILE} data.at: YAML 1.1 reads 90 (number), YAML 1.2 reads "1:30" (string); strata validated "1:30" (string)`,
      `${FILE} data.mode: YAML 1.1 reads "0o17" (string), YAML 1.2 reads 15 (number); strata validated "0o17" (string)`,
      `${FILE} metadata.annotations["example.org/buffering"]: YAML 1.1 reads true (boolean), YAML 1.2 reads "on" (string); strata validated "on" (string)`,
    ]);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['STRATA2009', 'error'],
      ['STRATA2009', 'error'],
      ['STRATA2009', 'error'],
    ]);
    expect(findings[0]?.hint).toMatch(/strata's writer should have quoted this value/);
  });
});

describe('compareReaders', () => {
  it('reports a key that YAML 1.1 reads as another key under both spellings', () => {
    const text = 'data:\n  on: x\n';
    expect(compareReaders(FILE, readDocuments(text, '1.1'), readDocuments(text, '1.2')).map(formatFinding)).toEqual([
      `${FILE} data.on: YAML 1.1 reads no such field, YAML 1.2 reads "x" (string)`,
      `${FILE} data.true: YAML 1.1 reads "x" (string), YAML 1.2 reads no such field`,
    ]);
  });

  it('reports a document YAML 1.1 cannot read at all, such as a merge of a scalar', () => {
    const text = 'a: 1\n---\n<<: x\n';
    expect(compareReaders(FILE, readDocuments(text, '1.1'), readDocuments(text, '1.2')).map(formatFinding)).toEqual([
      `${FILE}: YAML 1.1 cannot read it: Merge sources must be maps or map aliases`,
    ]);
  });

  it('leaves a document YAML 1.2 cannot read to the parse check', () => {
    const text = 'a: [\n';
    expect(compareReaders(FILE, readDocuments(text, '1.1'), readDocuments(text, '1.2'))).toEqual([]);
  });

  it('finds nothing in a file both read alike, timestamps in quotes included', () => {
    const text = 'a: "2001-12-14"\nb: [1, 2.5, true, null]\nc: plain words\n';
    expect(compareReaders(FILE, readDocuments(text, '1.1'), readDocuments(text, '1.2'))).toEqual([]);
  });
});

describe('differences', () => {
  it('lists leaf paths in key order, with sequence indexes, and ignores key order and the sign of zero', () => {
    expect(differences({ b: [1, 2], a: { x: 1, y: -0 } }, { a: { y: 0, x: 2 }, b: [1, 3, 4] })).toEqual([
      ['a', 'x'],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('compares timestamps by instant', () => {
    expect(differences(new Date(0), new Date(0))).toEqual([]);
    expect(differences(new Date(0), '1970-01-01')).toEqual([[]]);
  });
});

describe('describeValue', () => {
  it('shows each reading with its type', () => {
    expect([undefined, null, 'on', true, 15, new Date(Date.UTC(2001, 11, 14)), [1], { a: 1 }].map(describeValue)).toEqual([
      'no such field',
      'null',
      '"on" (string)',
      'true (boolean)',
      '15 (number)',
      '2001-12-14T00:00:00.000Z (timestamp)',
      'a sequence',
      'a mapping',
    ]);
  });
});
