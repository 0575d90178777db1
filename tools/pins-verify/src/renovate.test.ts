import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { PinsReport } from '@strata/compiler';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { committedPins, REPO } from './__fixtures__/committed.ts';

// strata loads every component package before it reads the tree: seconds on a shared runner.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

interface RegexManager {
  readonly customType: 'regex';
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly datasourceTemplate?: string;
}

/** One dependency as Renovate's regex manager extracts it. */
interface Dep {
  readonly file: string;
  readonly datasource: string;
  readonly depName: string;
  readonly currentValue: string;
  readonly currentDigest?: string;
  readonly registryUrl?: string;
}

const config = JSON.parse(readFileSync(join(REPO, 'renovate.json'), 'utf8')) as { customManagers: RegexManager[] };

/** `"/^a\\.b$/"` (Renovate's regex form of a file pattern) → RegExp. */
function filePattern(p: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(p);
  if (m === null) throw new Error(`renovate.json: ${p} is not a /regex/ file pattern`);
  return new RegExp(m[1]!, m[2]);
}

/** Files under packages/, tools/, clusters/ and workloads/, `/`-separated, without node_modules (Renovate ignores them too). */
function repoFiles(): string[] {
  return ['packages', 'tools', 'clusters', 'workloads'].flatMap((top) =>
    readdirSync(join(REPO, top), { recursive: true, encoding: 'utf8' })
      .map((f) => `${top}/${f.split(sep).join('/')}`)
      .filter((f) => !f.split('/').includes('node_modules')),
  );
}

/**
 * What Renovate's regex managers extract from this repository: each
 * `matchStrings` entry applied to every file the manager selects. Renovate
 * runs them with RE2; these patterns use nothing JavaScript reads differently.
 */
function extract(): Dep[] {
  const files = repoFiles();
  const deps: Dep[] = [];
  for (const manager of config.customManagers) {
    const patterns = manager.managerFilePatterns.map(filePattern);
    for (const file of files.filter((f) => patterns.some((p) => p.test(f))).sort()) {
      const text = readFileSync(join(REPO, file), 'utf8');
      for (const source of manager.matchStrings) {
        for (const m of text.matchAll(new RegExp(source, 'g'))) {
          const g = m.groups ?? {};
          const datasource = g.datasource ?? manager.datasourceTemplate;
          if (datasource === undefined || g.depName === undefined || g.currentValue === undefined) throw new Error(`${file}: a match without datasource, depName or currentValue`);
          deps.push({
            file,
            datasource,
            depName: g.depName,
            currentValue: g.currentValue,
            ...(g.currentDigest === undefined ? {} : { currentDigest: g.currentDigest }),
            ...(g.registryUrl === undefined ? {} : { registryUrl: g.registryUrl }),
          });
        }
      }
    }
  }
  return deps;
}

/**
 * References the tree uses that Renovate does not move, and why. A selectable
 * version list moves by its default (what new clusters get); an older or
 * newer member a spec chooses stays until someone drops it.
 */
const NOT_MOVED: Readonly<Record<string, string>> = {
  'chart ingress-nginx 4.15.1': 'a class chooses it (homelab canary); Renovate moves the default, 4.13.9',
};

describe('renovate.json', () => {
  const deps = extract();
  let pins: PinsReport;
  beforeAll(async () => {
    const printed = await committedPins();
    expect(printed.code).toBe(0);
    pins = JSON.parse(printed.json) as PinsReport;
  });

  it('reads every `// renovate:` annotation in a pins.ts, and each is followed by the literal it names', () => {
    const annotated = repoFiles()
      .filter((f) => /\/src\/pins\.ts$/.test(f))
      .flatMap((f) => (readFileSync(join(REPO, f), 'utf8').match(/\/\/ renovate: /g) ?? []).map(() => f));
    expect(deps.filter((d) => d.file.endsWith('/pins.ts')).map((d) => d.file)).toEqual(annotated.sort());
  });

  it('finds the upstream pins in pins.ts, the images and releases cluster specs name, and the images of workloads/', () => {
    expect(deps.map((d) => [d.file, d.datasource, d.depName, d.currentValue, d.currentDigest ?? '', d.registryUrl ?? ''])).toEqual([
      ['packages/cert-manager/src/pins.ts', 'docker', 'quay.io/jetstack/charts/cert-manager', 'v1.21.1', '', ''],
      ['packages/cilium-dataplane/src/pins.ts', 'helm', 'cilium', '1.18.12', '', 'https://helm.cilium.io/'],
      ['packages/cilium-dataplane/src/pins.ts', 'github-tags', 'kubernetes-sigs/gateway-api', 'v1.3.0', '40be951cebe5cb3f0365fe6951403de4ff8b9f33', ''],
      ['packages/cilium-dataplane/src/pins.ts', 'github-releases', 'k8snetworkplumbingwg/multus-cni', 'v4.2.4', '', ''],
      ['packages/cilium-dataplane/src/pins.ts', 'docker', 'docker.io/library/busybox', '1.37.0', '', ''],
      ['packages/internal-dns/src/pins.ts', 'helm', 'k8s-gateway', '3.2.8', '', 'https://k8s-gateway.github.io/k8s_gateway'],
      ['packages/nginx-edge/src/pins.ts', 'helm', 'ingress-nginx', '4.13.9', '', 'https://kubernetes.github.io/ingress-nginx'],
      ['packages/nginx-edge/src/pins.ts', 'docker', 'docker.io/cloudflare/cloudflared', '2026.7.2', '', ''],
      ['packages/observability/src/pins.ts', 'helm', 'kube-prometheus-stack', '81.4.3', '', 'https://prometheus-community.github.io/helm-charts'],
      ['packages/observability/src/pins.ts', 'helm', 'external-dns', '1.19.0', '', 'https://kubernetes-sigs.github.io/external-dns/'],
      ['packages/observability/src/pins.ts', 'helm', 'headlamp', '0.33.0', '', 'https://kubernetes-sigs.github.io/headlamp/'],
      ['tools/kubeconform/src/pins.ts', 'github-releases', 'yannh/kubeconform', 'v0.8.0', '', ''],
      ['clusters/homelab/cluster.yaml', 'docker', 'ghcr.io/crutonjohn/external-dns-opnsense-webhook', 'v0.1.0', '', ''],
      ['clusters/edge-bgp/cluster.yaml', 'helm', 'metrics-server', '3.13.1', '', 'https://kubernetes-sigs.github.io/metrics-server/'],
      ['clusters/homelab/cluster.yaml', 'helm', 'metrics-server', '3.13.1', '', 'https://kubernetes-sigs.github.io/metrics-server/'],
      ['workloads/blog/blog.yaml', 'docker', 'docker.io/nginxinc/nginx-unprivileged', '1.29.3-alpine', '', ''],
    ]);
  });

  it('tracks every chart, image and Git tag the committed tree pulls, at the version it pulls, or says why not', () => {
    const tracked = (datasource: string, depName: string, registryUrl?: string): Dep | undefined =>
      deps.find((d) => d.datasource === datasource && d.depName === depName && d.registryUrl === registryUrl);
    const untracked: string[] = [];
    const check = (what: string, dep: Dep | undefined, value: string | undefined, digest?: string): void => {
      const key = `${what} ${value ?? ''}`;
      if (NOT_MOVED[key] !== undefined) return;
      if (dep === undefined) untracked.push(`${key}: no Renovate manager finds it`);
      else if (dep.currentValue !== value) untracked.push(`${key}: Renovate tracks ${dep.currentValue} (${dep.file})`);
      else if (digest !== undefined && dep.currentDigest !== digest) untracked.push(`${key}: pinned at ${digest}, Renovate reads ${dep.currentDigest ?? 'no digest'}`);
    };
    for (const c of pins.charts) {
      const dep = c.repository.startsWith('oci://')
        ? tracked('docker', `${c.repository.slice('oci://'.length)}/${c.chart}`)
        : tracked('helm', c.chart, c.repository);
      check(`chart ${c.chart}`, dep, c.version, c.digest);
    }
    for (const i of pins.images) {
      // Images from pins.ts are tracked by their default version; the tag may carry a suffix (multus `-thick`).
      const dep = tracked('docker', i.repository) ?? deps.find((d) => d.datasource === 'github-releases' && i.repository.endsWith(`/${d.depName}`));
      const value = dep !== undefined && i.tag?.startsWith(`${dep.currentValue}-`) === true ? dep.currentValue : i.tag;
      check(`image ${i.repository}`, dep, value);
    }
    for (const g of pins.git.filter((x) => x.role === 'upstream')) {
      const repo = /^https:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(g.url)?.[1];
      check(`git ${g.url}`, repo === undefined ? undefined : tracked('github-tags', repo), g.tag, g.commit);
    }
    expect(untracked).toEqual([]);
    // Every exception still names something the tree uses.
    const used = new Set([
      ...pins.charts.map((c) => `chart ${c.chart} ${c.version ?? ''}`),
      ...pins.images.map((i) => `image ${i.repository} ${i.tag ?? ''}`),
      ...pins.git.map((g) => `git ${g.url} ${g.tag ?? ''}`),
    ]);
    expect(Object.keys(NOT_MOVED).filter((k) => !used.has(k))).toEqual([]);
  });
});
