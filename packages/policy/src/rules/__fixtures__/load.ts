// Test support only (excluded from the build): reads the multi-document fixtures.
import { readFileSync } from 'node:fs';
import { formatFinding } from '@strata/core';
import { parse } from 'yaml';
import { runPolicies } from '../../run.ts';
import { RULES } from '../index.ts';
import type { PolicyContext, PolicyObject, Waiver } from '../../types.ts';

/**
 * Objects of `<rule>/<case>.yaml`. A document names its file with a
 * `# file: rendered/<cluster>/<layer>/…` line; the default is
 * `rendered/lab/config/fixture/<kind>-<name>.yaml`.
 */
export function loadFixture(rule: string, name: 'fail' | 'pass'): PolicyObject[] {
  const text = readFileSync(new URL(`./${rule}/${name}.yaml`, import.meta.url), 'utf8');
  return text
    .split(/^---$/m)
    .filter((chunk) => chunk.replace(/^#.*$/gm, '').trim() !== '')
    .map((chunk) => {
      const obj = parse(chunk) as PolicyObject['obj'];
      const file = /^# file: (\S+)$/m.exec(chunk)?.[1] ?? `rendered/lab/config/fixture/${obj.kind.toLowerCase()}-${obj.metadata.name}.yaml`;
      return { obj, file };
    });
}

/** The formatted findings of one rule over one fixture. */
export function runFixture(rule: string, name: 'fail' | 'pass', cluster: PolicyContext['cluster'] = undefined, waivers: readonly Waiver[] = []): string[] {
  const r = RULES.find((x) => x.id === rule);
  if (r === undefined) throw new Error(`no rule ${rule}`);
  return runPolicies({ cluster, objects: loadFixture(rule, name) }, waivers, [r]).findings.map(formatFinding);
}
