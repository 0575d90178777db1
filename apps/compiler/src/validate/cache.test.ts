import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, strata, strataIn, tempWorkspace } from '../__fixtures__/cli.ts';
import { readValidateCache, VALIDATE_CACHE_FILE, type ValidateEntry, writeValidateCache } from './cache.ts';
import { sha256 } from '../layout.ts';

interface Report {
  ok: boolean;
  clusters: { name: string; files: number; objects: number; cached: boolean }[];
  waived: unknown[];
  findings: { message: string; severity: string; file?: string; path?: string }[];
}

/** `strata validate --json` in `root`: its exit code, report, and which clusters came from the cache. */
async function validate(root: string, ...args: string[]): Promise<{ code: number | null; report: Report; cached: Record<string, boolean> }> {
  const run = await strataIn(['validate', '--json', ...args], root);
  const report = JSON.parse(run.stdout) as Report;
  return { code: run.code, report, cached: Object.fromEntries(report.clusters.map((c) => [c.name, c.cached])) };
}

/** The report without which clusters came from the cache: what must not depend on it. */
function verdict(report: Report): Omit<Report, 'clusters'> & { clusters: Omit<Report['clusters'][number], 'cached'>[] } {
  return { ...report, clusters: report.clusters.map(({ cached: _, ...c }) => c) };
}

const ALL_CACHED = { 'chromebox-lab': true, 'edge-bgp': true, homelab: true };
const NONE_CACHED = { 'chromebox-lab': false, 'edge-bgp': false, homelab: false };
const GITREPO = 'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml';

let template: string;

/** A copy of the rendered examples, without any cache. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-vcache-'));
  cpSync(template, root, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return root;
}

beforeAll(async () => {
  template = tempWorkspace();
  // A warning from validate (a declared backend nothing routes to), so the cache must carry warnings too.
  const spec = join(template, 'clusters/homelab/cluster.yaml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace('  policy:\n', '  backends:\n    - {namespace: blog, name: blog-old, ports: [{port: 80}]}\n  policy:\n'));
  expect((await strataIn(['render'], template)).code).toBe(0);
}, E2E_TIMEOUT);

describe('strata validate and its cache', () => {
  it('reports an unchanged tree from the cache with the same findings, warnings and waivers, and says so', async () => {
    const root = workspace();
    const cold = await validate(root);
    expect(cold.code).toBe(0);
    expect(cold.cached).toEqual(NONE_CACHED);
    expect(cold.report.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(cold.report.waived.length).toBeGreaterThan(0);
    const warm = await validate(root);
    expect(warm.code).toBe(0);
    expect(warm.cached).toEqual(ALL_CACHED);
    expect(verdict(warm.report)).toEqual(verdict(cold.report));
    const text = await strataIn(['validate'], root);
    expect(text.stdout).toContain('spec.backends[0]: warning: Service blog/blog-old is declared');
    expect(text.stderr).toMatch(/^homelab: \d+ objects in \d+ files skipped \(same inputs and files as its last validate\)$/m);
  }, E2E_TIMEOUT);

  it('checks again the cluster whose rendered file changed, reports its new error, and reports that error from the cache next time', async () => {
    const root = workspace();
    await validate(root);
    appendFileSync(join(root, GITREPO), '  bogus: 1\n');
    const edited = await validate(root);
    expect(edited.code).toBe(1);
    expect(edited.cached).toEqual({ 'chromebox-lab': true, 'edge-bgp': true, homelab: false });
    const errors = edited.report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}${f.path === undefined ? '' : ` ${f.path}`}: ${f.message}`);
    expect(errors).toEqual([`${GITREPO}: sha256 differs from index.json`, `${GITREPO} spec.bogus: unknown field`]);
    const again = await validate(root);
    expect(again.code).toBe(1);
    expect(again.cached).toEqual(ALL_CACHED);
    expect(again.report.findings).toEqual(edited.report.findings);
  }, E2E_TIMEOUT);

  it('checks again the clusters built on an edited profile, and the cluster whose spec.manifests file changed', async () => {
    const root = workspace();
    await validate(root);
    // flux.yaml is a profile of homelab and chromebox-lab; edge-bgp builds on base alone.
    appendFileSync(join(root, 'clusters/_profiles/flux.yaml'), '# reviewed\n');
    expect((await validate(root)).cached).toEqual({ 'chromebox-lab': false, 'edge-bgp': true, homelab: false });
    appendFileSync(join(root, 'workloads/blog/blog.yaml'), '# reviewed\n');
    expect((await validate(root)).cached).toEqual({ 'chromebox-lab': true, 'edge-bgp': true, homelab: false });
    // Any new file in a cluster's own folder (where its SOPS files live).
    writeFileSync(join(root, 'clusters/edge-bgp/notes.txt'), 'on call: noc\n');
    expect((await validate(root)).cached).toEqual({ 'chromebox-lab': true, 'edge-bgp': false, homelab: true });
  }, E2E_TIMEOUT);

  it('does not use an entry made by other strata code or with other age keys', async () => {
    const root = workspace();
    const cold = await validate(root);
    // As an older strata would have left it: the same entries under another code digest.
    const older = new Map([...readValidateCache(root)].map(([name, e]): [string, ValidateEntry] => [name, { ...e, key: sha256(`older ${e.key}`) }]));
    expect(older.size).toBe(3);
    writeValidateCache(root, older);
    const after = await validate(root);
    expect(after.cached).toEqual(NONE_CACHED);
    expect(verdict(after.report)).toEqual(verdict(cold.report));
    expect((await validate(root)).cached).toEqual(ALL_CACHED);
    // With an age key at hand SOPS MACs are checked in full: another verdict, another key.
    // (A process of its own: age keys come from the process environment.)
    const keyed = strata(['validate', '--json', '--cluster', 'edge-bgp'], root, { SOPS_AGE_KEY: 'AGE-SECRET-KEY-1QQQQ' });
    expect((JSON.parse(keyed.stdout) as Report).clusters.map((c) => c.cached)).toEqual([false]);
  }, E2E_TIMEOUT);

  it('ignores a corrupt cache file and a damaged entry, and writes a sound one', async () => {
    const root = workspace();
    const cold = await validate(root);
    const file = join(root, VALIDATE_CACHE_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    expect((await validate(root)).cached).toEqual(NONE_CACHED);
    expect(readValidateCache(root).size).toBe(3);
    // A finding changed on disk without its seal: that entry is not trusted.
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('is declared, but no route');
    writeFileSync(file, text.replace('is declared, but no route', 'is fine, and no route'));
    const after = await validate(root);
    expect(after.cached).toEqual({ 'chromebox-lab': true, 'edge-bgp': true, homelab: false });
    expect(verdict(after.report)).toEqual(verdict(cold.report));
  }, E2E_TIMEOUT);

  it('keeps the entries of clusters a run did not select, and drops those whose spec is gone', async () => {
    const root = workspace();
    expect((await validate(root, '--cluster', 'homelab')).cached).toEqual({ homelab: false });
    expect((await validate(root, '--cluster', 'edge-bgp')).cached).toEqual({ 'edge-bgp': false });
    expect((await validate(root)).cached).toEqual({ 'chromebox-lab': false, 'edge-bgp': true, homelab: true });
    rmSync(join(root, 'clusters/edge-bgp'), { recursive: true });
    await validate(root, '--cluster', 'homelab');
    expect([...readValidateCache(root).keys()]).toEqual(['chromebox-lab', 'homelab']);
  }, E2E_TIMEOUT);

  it('--no-cache checks every cluster, and neither reads nor writes the cache', async () => {
    const root = workspace();
    expect((await validate(root, '--no-cache')).cached).toEqual(NONE_CACHED);
    expect(existsSync(join(root, VALIDATE_CACHE_FILE))).toBe(false);
    await validate(root);
    const before = readFileSync(join(root, VALIDATE_CACHE_FILE));
    appendFileSync(join(root, GITREPO), '  bogus: 1\n');
    const run = await validate(root, '--no-cache');
    expect(run.cached).toEqual(NONE_CACHED);
    expect(run.code).toBe(1);
    expect(readFileSync(join(root, VALIDATE_CACHE_FILE))).toEqual(before);
  }, E2E_TIMEOUT);
});
