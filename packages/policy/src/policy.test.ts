import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '@strata/core';
import { RULE_CODES, RULES, runPolicies, type Rule, type Waiver } from './index.ts';
import { loadFixture } from './rules/__fixtures__/load.ts';

describe('RULES', () => {
  it('gives every rule a unique kebab id, a severity, a title, a rationale sentence, a hint, a unique code and both fixtures', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const codes = ids.map((id) => RULE_CODES[id]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Object.keys(RULE_CODES).sort()).toEqual([...ids].sort());
    for (const r of RULES) {
      expect(r.id, r.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(['error', 'warning'], r.id).toContain(r.severity);
      expect(r.title.length, r.id).toBeGreaterThan(0);
      expect(r.rationale, r.id).toMatch(/^[A-Z].{20,}[.!]$/s);
      expect(r.hint.length, r.id).toBeGreaterThan(10);
      expect(RULE_CODES[r.id], r.id).toMatch(/^STRATA5\d{3}$/);
      for (const c of ['fail', 'pass'] as const) {
        expect(existsSync(new URL(`./rules/__fixtures__/${r.id}/${c}.yaml`, import.meta.url)), `${r.id}/${c}.yaml`).toBe(true);
      }
      expect(existsSync(new URL(`./rules/${r.id}.ts`, import.meta.url)), `${r.id}.ts`).toBe(true);
    }
  });

  it('finds something in every failing fixture, and nothing in any passing fixture under any rule', () => {
    for (const r of RULES) {
      expect(r.check({ cluster: undefined, objects: loadFixture(r.id, 'fail') }).length, r.id).toBeGreaterThan(0);
    }
    // A passing fixture is clean for every rule, not just its own.
    for (const r of RULES) {
      expect(runPolicies({ cluster: undefined, objects: loadFixture(r.id, 'pass') }).findings.map(formatFinding), r.id).toEqual([]);
    }
  });
});

describe('runPolicies', () => {
  const objects = loadFixture('image-pinned', 'fail');
  const only: readonly Rule[] = RULES.filter((r) => r.id === 'image-pinned');

  it('turns violations into findings with the rule code, severity, hint, file, object and path', () => {
    const [first] = runPolicies({ cluster: undefined, objects }, [], only).findings;
    expect(first).toEqual({
      code: 'STRATA5002',
      severity: 'error',
      message: '[image-pinned] image restic/restic:latest is not pinned',
      file: 'rendered/lab/config/apps/cronjob-apps-backup.yaml',
      object: 'CronJob/apps/backup',
      path: 'spec.jobTemplate.spec.template.spec.containers[0].image',
      hint: only[0]?.hint,
    });
  });

  it('drops waived violations from the findings and lists each with its reason', () => {
    const waivers: Waiver[] = [{ rule: 'image-pinned', object: 'Deployment/apps/web', reason: 'vendor ships latest only; tracked in OPS-12' }];
    const result = runPolicies({ cluster: undefined, objects }, waivers, only);
    expect(result.findings.map((f) => f.object)).toEqual(['CronJob/apps/backup', 'Pod/apps/debug']);
    expect(result.waived).toEqual([
      { rule: 'image-pinned', object: 'Deployment/apps/web', reason: 'vendor ships latest only; tracked in OPS-12' },
      { rule: 'image-pinned', object: 'Deployment/apps/web', reason: 'vendor ships latest only; tracked in OPS-12' },
      { rule: 'image-pinned', object: 'Deployment/apps/web', reason: 'vendor ships latest only; tracked in OPS-12' },
    ]);
    expect(result.unusedWaivers).toEqual([]);
  });

  it('never waives a rule marked waivable: false', () => {
    const secrets = loadFixture('no-secret-data', 'fail');
    const rule = RULES.filter((r) => r.id === 'no-secret-data');
    expect(rule[0]?.waivable).toBe(false);
    const first = secrets[0]!;
    const object = `${first.obj.kind}/${first.obj.metadata.namespace === undefined ? '' : `${first.obj.metadata.namespace}/`}${first.obj.metadata.name}`;
    const result = runPolicies({ cluster: undefined, objects: secrets }, [{ rule: 'no-secret-data', object, reason: 'test data only, honestly' }], rule);
    expect(result.waived).toEqual([]);
    expect(result.findings.some((f) => f.object === object)).toBe(true);
    expect(result.unusedWaivers).toHaveLength(1);
  });

  it('reports waivers that match nothing: another rule, another object, or a misspelt id', () => {
    const waivers: Waiver[] = [
      { rule: 'resource-requests', object: 'Deployment/apps/web', reason: 'wrong rule' },
      { rule: 'image-pinned', object: 'Deployment/web', reason: 'namespace missing' },
      { rule: 'image-pined', object: 'CronJob/apps/backup', reason: 'typo' },
    ];
    const result = runPolicies({ cluster: undefined, objects }, waivers, only);
    expect(result.findings).toHaveLength(5);
    expect(result.waived).toEqual([]);
    expect(result.unusedWaivers).toEqual(waivers);
  });

  it('runs every rule by default and sorts the findings by file', () => {
    const all = runPolicies({ cluster: undefined, objects }).findings;
    const files = all.map((f) => f.file ?? '');
    expect(files).toEqual([...files].sort());
    expect(new Set(all.map((f) => f.code))).toEqual(new Set(['STRATA5002', 'STRATA5004']));
  });

  it('refuses a rule without a code', () => {
    const rogue: Rule = { id: 'rogue', severity: 'error', title: 't', rationale: 'r.', hint: 'h', check: () => [] };
    expect(() => runPolicies({ cluster: undefined, objects }, [], [rogue])).toThrow('policy rule rogue has no code in RULE_CODES');
  });
});

