import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../errors.ts';
import { createSpecLoader } from './load.ts';

/**
 * Invalid-input fixtures are data: __fixtures__/invalid/<case>/cluster.yaml is
 * loaded as clusters/<case>/cluster.yaml with the folder name as the expected
 * cluster name, and must produce exactly the lines in case.json.
 */
interface Case {
  readonly exitCode: number;
  readonly expected: readonly string[];
}

const root = new URL('./__fixtures__/invalid/', import.meta.url);
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const loader = createSpecLoader([]);

describe('invalid spec fixtures', () => {
  it('has a case for each kind of mistake', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('%s', (name) => {
    const want = JSON.parse(readFileSync(new URL(`${name}/case.json`, root), 'utf8')) as Case;
    const bytes = readFileSync(new URL(`${name}/cluster.yaml`, root));
    const result = loader.load({ file: `clusters/${name}/cluster.yaml`, bytes, expectedName: name });
    expect(result.findings.map(formatFinding)).toEqual(want.expected);
    expect(result.cluster === undefined ? 1 : 0).toBe(want.exitCode);
  });
});
