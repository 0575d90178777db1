import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needShared, sharedResource } from '@strata/core/shared';
import { describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { BIN, E2E_TIMEOUT, REPO } from './__fixtures__/cli.ts';

// The committed tree as the tools that consume it read it: kubeconform (Go, YAML 1.1 via
// sigs.k8s.io/yaml, strict schemas), on the files and on what `kubectl kustomize` builds
// from each folder an engine syncs. strata's own validators are not the judge here.
vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** kubeconform 0.7.0, strict, with Kubernetes 1.33/1.36 schemas and the CRD catalog, offline. */
const KC_STRICT = sharedResource('tools/kubeconform/kc-strict');
const CLUSTERS = readdirSync(join(REPO, 'clusters'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

interface KcResult {
  readonly resources: readonly { filename: string; kind: string; name: string; status: string; msg: string }[];
  readonly summary: { valid: number; invalid: number; errors: number; skipped: number };
}

/** Runs kc-strict with JSON output; `input` goes to stdin (`-`). */
function kubeconform(kc: string, args: readonly string[], env: Record<string, string>, input?: string): KcResult {
  const res = spawnSync(kc, ['-output', 'json', ...args], { cwd: REPO, encoding: 'utf8', input, env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  expect(res.error, 'kc-strict runs').toBeUndefined();
  try {
    return JSON.parse(res.stdout) as KcResult;
  } catch {
    throw new Error(`kc-strict printed no JSON (exit ${res.status}): ${res.stderr}${res.stdout}`);
  }
}

/** What kubeconform rejected, one readable line each (an empty list is the pass). */
function problems(result: KcResult): string[] {
  return result.resources.filter((r) => r.status !== 'statusValid').map((r) => `${r.filename} ${r.kind}/${r.name}: ${r.status} ${r.msg}`);
}

/** The cluster's Kubernetes version as kubeconform spells it (`"1.33"` → `1.33.0`). */
function kubernetesVersion(cluster: string): string {
  const spec = parse(readFileSync(join(REPO, 'clusters', cluster, 'cluster.yaml'), 'utf8')) as { spec: { kubernetes: { version: string } } };
  const v = spec.spec.kubernetes.version;
  return /^\d+\.\d+$/.test(v) ? `${v}.0` : v;
}

/**
 * Object count and synced folders of a committed cluster, from its index. `sops` counts the
 * SOPS-encrypted Secrets (secrets/<file>): kubeconform skips them, as the cluster only ever
 * sees them decrypted, without their `sops` key; strata checks them as SOPS files.
 */
function committed(cluster: string): { objects: number; sops: number; folders: string[] } {
  const index = JSON.parse(readFileSync(join(REPO, 'rendered', cluster, 'index.json'), 'utf8')) as { objects: number; files: { path: string }[] };
  const folders = index.files.filter((f) => f.path.endsWith('/kustomization.yaml')).map((f) => f.path.split('/')[0] ?? '');
  const sops = index.files.filter((f) => /^secrets\/[^/]+$/.test(f.path) && !f.path.endsWith('/kustomization.yaml')).length;
  return { objects: index.objects, sops, folders };
}

/** What kustomize-controller applies from a built folder once SOPS decryption ran: the objects without their `sops` key. */
function withoutSopsDocs(built: string): { text: string; sops: number } {
  const docs = parseAllDocuments(built).map((d) => d.toJS() as Record<string, unknown> | null).filter((d) => d !== null);
  const plain = docs.filter((d) => d.sops === undefined);
  // Re-serialized only when something was dropped: kubectl's own YAML is what the other folders are checked as.
  if (plain.length === docs.length) return { text: built, sops: 0 };
  return { text: plain.map((d) => stringify(d)).join('---\n'), sops: docs.length - plain.length };
}

describe('the committed tree, read by kubeconform -strict (offline schemas from ../shared)', () => {
  it.for(CLUSTERS)('%s: every rendered file is valid at the cluster’s Kubernetes version', (cluster, ctx) => {
    const kc = needShared(ctx, KC_STRICT);
    const { objects, sops } = committed(cluster);
    const result = kubeconform(
      kc,
      ['-ignore-filename-pattern', '/nixos/', '-ignore-filename-pattern', 'kustomization\\.yaml$', '-ignore-filename-pattern', 'index\\.json$', `rendered/${cluster}`],
      { KC_K8S_VERSION: kubernetesVersion(cluster) },
    );
    expect(problems(result)).toEqual([]);
    expect(result.summary).toEqual({ valid: objects - sops, invalid: 0, errors: 0, skipped: 0 });
  });

  it.for(CLUSTERS)('%s: what `kubectl kustomize` builds from each synced folder is valid too', (cluster, ctx) => {
    const kc = needShared(ctx, KC_STRICT);
    const { objects, sops, folders } = committed(cluster);
    expect(folders.length, 'a kustomization.yaml per synced folder').toBeGreaterThanOrEqual(4);
    let valid = 0;
    let encrypted = 0;
    for (const folder of folders) {
      const built = spawnSync('kubectl', ['kustomize', join(REPO, 'rendered', cluster, folder)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (built.error !== undefined) throw new Error('kubectl is required for this test (it runs `kubectl kustomize`)');
      expect(built.status, `${cluster}/${folder}: ${built.stderr}`).toBe(0);
      const applied = withoutSopsDocs(built.stdout);
      encrypted += applied.sops;
      const result = kubeconform(kc, ['-'], { KC_K8S_VERSION: kubernetesVersion(cluster) }, applied.text);
      expect(problems(result), `${cluster}/${folder}`).toEqual([]);
      expect(result.summary.errors + result.summary.skipped, `${cluster}/${folder}`).toBe(0);
      valid += result.summary.valid;
    }
    expect([valid, encrypted]).toEqual([objects - sops, sops]);
  });

  it('the CI workflow’s own kubeconform step passes, its network schema locations mapped to the offline copies', (ctx) => {
    const kc = needShared(ctx, KC_STRICT);
    const workflow = parse(readFileSync(join(REPO, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const step = Object.values(workflow.jobs)
      .flatMap((j) => j.steps)
      .find((s) => /npx kubeconform/.test(s.run ?? ''));
    expect(step?.run, 'a step runs kubeconform').toBeDefined();
    const shared = join(kc, '..');
    const out = mkdtempSync(join(tmpdir(), 'strata-kc-schemas-'));
    // Each substitution must apply: if the step changes shape, this test must be revisited, not pass vacuously.
    const substitutions: [RegExp, string][] = [
      [/npx strata /g, `${process.execPath} ${BIN} `],
      // The repo's wrapper, as `npx kubeconform` runs it, given the offline binary; `default` means
      // Kubernetes master upstream, the newest schemas here are 1.36.
      [/npx kubeconform /g, `${process.execPath} ${join(REPO, 'tools/kubeconform/bin/kubeconform.js')} -kubernetes-version 1.36.0 `],
      [/dist\/schemas\/all/g, out],
      [/-schema-location default/g, `-schema-location '${shared}/schemas/k8s/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json'`],
      [/'https:\/\/raw\.githubusercontent\.com\/datreeio\/CRDs-catalog\/main\/([^']*)'/g, `'${shared}/schemas/crds/$1'`],
    ];
    let script = step?.run ?? '';
    for (const [pattern, replacement] of substitutions) {
      expect(script, `the step still contains ${pattern}`).toMatch(pattern);
      script = script.replace(pattern, replacement);
    }
    expect(script).not.toMatch(/https?:\/\//);
    const res = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, KUBECONFORM_BIN: join(shared, 'kubeconform') },
    });
    const total = CLUSTERS.reduce((n, c) => n + committed(c).objects - committed(c).sops, 0);
    expect(res.stdout.trim().split('\n').at(-1)).toBe(
      `Summary: ${total} resources found in ${total} files - Valid: ${total}, Invalid: 0, Errors: 0, Skipped: 0`,
    );
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });
});
