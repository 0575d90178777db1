import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_FACTS } from '@strata/core';
import { ComponentChart } from '@strata/core/chart';
import { App } from 'cdk8s';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { exampleSpec, loadValid, syntheticSpec } from './__fixtures__/spec.ts';
import { run, tool } from './__fixtures__/tools.ts';
import { addonEntries, gitopsAddons } from './addons.ts';
import { component } from './index.ts';
import { planPki } from './plan.ts';

function renderFiles(spec = exampleSpec('chromebox-lab'), pki: object = {}): { path: string; content: string }[] {
  const { cluster, block, dataplane } = loadValid(spec, pki);
  const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'pki-bootstrap');
  component.render(chart, { cluster, block, facts: { ...NO_FACTS, ...(dataplane === undefined ? {} : { dataplane }) } });
  expect(chart.toJson()).toEqual([]);
  return [...chart.files()];
}

const file = (files: { path: string; content: string }[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`no ${path} among ${files.map((x) => x.path).join(', ')}`);
  return f.content;
};

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pki-render-'));
  tmp.push(dir);
  return dir;
}

describe('pki-bootstrap render', () => {
  it('renders the chromebox-lab module, plan, cfssl profiles and CSRs as in the goldens', async () => {
    const files = renderFiles();
    expect(files.map((f) => f.path)).toMatchInlineSnapshot(`
      [
        "nixos/host-network.nix",
        "nixos/kubernetes-pki.nix",
        "nixos/pki/cfssl/ca-csr.json",
        "nixos/pki/cfssl/cluster-admin-csr.json",
        "nixos/pki/cfssl/etcd-ca-csr.json",
        "nixos/pki/cfssl/etcd-chromebox-1-csr.json",
        "nixos/pki/cfssl/etcd-peer-chromebox-1-csr.json",
        "nixos/pki/cfssl/front-proxy-ca-csr.json",
        "nixos/pki/cfssl/front-proxy-client-csr.json",
        "nixos/pki/cfssl/kube-addon-manager-csr.json",
        "nixos/pki/cfssl/kube-apiserver-csr.json",
        "nixos/pki/cfssl/kube-apiserver-etcd-client-csr.json",
        "nixos/pki/cfssl/kube-apiserver-kubelet-client-csr.json",
        "nixos/pki/cfssl/kube-controller-manager-client-csr.json",
        "nixos/pki/cfssl/kube-controller-manager-csr.json",
        "nixos/pki/cfssl/kube-scheduler-client-csr.json",
        "nixos/pki/cfssl/kubelet-chromebox-1-csr.json",
        "nixos/pki/cfssl/kubelet-chromebox-2-csr.json",
        "nixos/pki/cfssl/kubelet-chromebox-3-csr.json",
        "nixos/pki/cfssl/kubelet-client-chromebox-1-csr.json",
        "nixos/pki/cfssl/kubelet-client-chromebox-2-csr.json",
        "nixos/pki/cfssl/kubelet-client-chromebox-3-csr.json",
        "nixos/pki/cfssl/kubernetes-ca-csr.json",
        "nixos/pki/cfssl/profiles.json",
        "nixos/pki/plan.json",
      ]
    `);
    await expect(file(files, 'nixos/kubernetes-pki.nix')).toMatchFileSnapshot('__snapshots__/chromebox-lab/kubernetes-pki.nix');
    await expect(file(files, 'nixos/host-network.nix')).toMatchFileSnapshot('__snapshots__/chromebox-lab/host-network.nix');
    await expect(file(files, 'nixos/pki/plan.json')).toMatchFileSnapshot('__snapshots__/chromebox-lab/plan.json');
    await expect(file(files, 'nixos/pki/cfssl/profiles.json')).toMatchFileSnapshot('__snapshots__/chromebox-lab/profiles.json');
    const csrs = files.filter((f) => f.path.endsWith('-csr.json')).map((f) => `# ${f.path}\n${f.content}`).join('');
    await expect(csrs).toMatchFileSnapshot('__snapshots__/chromebox-lab/csrs.txt');
  });

  it('renders byte for byte the same twice', () => {
    expect(renderFiles()).toEqual(renderFiles());
  });

  it('turns kube-proxy and flannel on without Cilium, with their kubeconfigs', () => {
    const nix = file(renderFiles(syntheticSpec(2)), 'nixos/kubernetes-pki.nix');
    expect(nix).toContain('    proxy.kubeconfig = kubeconfig "kube-proxy-client";\n    flannel.enable = true;\n');
    expect(nix).toContain('  services.flannel.kubeconfig = config.services.kubernetes.lib.mkKubeConfig "flannel" (kubeconfig "flannel-client");\n');
    expect(nix).not.toContain('proxy.enable = false');
  });

  const nix = tool('nix-instantiate', ['--version'], 'nix-bin');
  it.runIf(nix.run)('renders modules that nix-instantiate parses', () => {
    expect(nix.missing).toBeUndefined();
    const dir = tempDir();
    const modules = {
      'lab.nix': file(renderFiles(), 'nixos/kubernetes-pki.nix'),
      'plain.nix': file(renderFiles(syntheticSpec(5, 3), { apiServer: { extraSANs: ['api.example.org'] } }), 'nixos/kubernetes-pki.nix'),
      'addons.nix': addonEntries([{ name: 'flux-bootstrap', path: '../bootstrap/flux.yaml', sha256: 'a'.repeat(64) }]),
      'no-addons.nix': addonEntries([]),
    };
    for (const [name, text] of Object.entries(modules)) {
      writeFileSync(join(dir, name), text);
      expect(run('nix-instantiate', ['--parse', join(dir, name)]).length).toBeGreaterThan(0);
    }
  });

  it.runIf(nix.run)('evaluates, per node, to paths of files the plan issues (nix-instantiate --eval with a stub lib)', () => {
    expect(nix.missing).toBeUndefined();
    const dir = tempDir();
    writeFileSync(join(dir, 'kubernetes-pki.nix'), file(renderFiles(), 'nixos/kubernetes-pki.nix'));
    writeFileSync(
      join(dir, 'eval.nix'),
      `host: let
  lib = { optional = c: x: if c then [ x ] else [ ]; mkIf = c: x: if c then x else { }; };
  config = { networking.hostName = host; services.kubernetes.apiserverAddress = "https://10.20.0.11:6443"; services.kubernetes.lib.mkKubeConfig = n: c: c; };
in import ./kubernetes-pki.nix { inherit config lib; }
`,
    );
    const evalFor = (host: string) =>
      JSON.parse(run('nix-instantiate', ['--eval', '--strict', '--json', '-E', `(import ${join(dir, 'eval.nix')}) "${host}"`])) as {
        services: { kubernetes: Record<string, unknown>; etcd: Record<string, unknown> };
      };
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'));
    const plan = planPki(cluster, block, dataplane);
    const issued = new Set([
      ...plan.certificates.flatMap((c) => [`${c.name}.pem`, `${c.name}-key.pem`]),
      ...plan.keyPairs.flatMap((k) => [`${k.name}-key.pem`, `${k.name}.pub`]),
    ]);
    const paths = (v: unknown): string[] =>
      typeof v === 'string' ? [...v.matchAll(/\/etc\/kubernetes\/pki\/([^\s"]+)/g)].map((m) => m[1]!) : typeof v === 'object' && v !== null ? Object.values(v).flatMap(paths) : [];
    const cp = evalFor('chromebox-1');
    const worker = evalFor('chromebox-2');
    for (const p of [...paths(cp), ...paths(worker)]) expect(issued, p).toContain(p);
    expect(cp.services.kubernetes.roles).toEqual(['master', 'node']);
    expect(worker.services.kubernetes.roles).toEqual(['node']);
    expect(worker.services.kubernetes.apiserver).toEqual({});
    expect(worker.services.etcd).toEqual({});
    expect((worker.services.kubernetes.kubelet as { tlsCertFile: string }).tlsCertFile).toBe('/etc/kubernetes/pki/kubelet-chromebox-2.pem');
    expect((cp.services.etcd as { initialCluster: string[] }).initialCluster).toEqual(['chromebox-1=https://10.20.0.11:2380']);
    expect(new Set(paths(cp)).size).toBe(32);
    expect(() => evalFor('stranger')).toThrow('kubernetes-pki.nix: stranger is not a node of chromebox-lab');
  });

  const cfssl = tool('cfssl', ['version'], 'golang-cfssl');
  const openssl = tool('openssl', ['version'], 'openssl');
  it.runIf(cfssl.run && openssl.run)('renders CSRs and profiles that real cfssl signs into a chain openssl verifies', () => {
    expect(cfssl.missing).toBeUndefined();
    expect(openssl.missing).toBeUndefined();
    const dir = tempDir();
    const files = renderFiles();
    for (const f of files) if (f.path.startsWith('nixos/pki/cfssl/')) writeFileSync(join(dir, f.path.slice('nixos/pki/cfssl/'.length)), f.content);
    const bare = (json: string, name: string) => run('cfssljson', ['-bare', name], { cwd: dir, input: json });
    bare(run('cfssl', ['genkey', '-initca', 'ca-csr.json'], { cwd: dir }), 'ca');
    const sign = (ca: string, profile: string, name: string) =>
      bare(run('cfssl', ['gencert', '-ca', `${ca}.pem`, '-ca-key', `${ca}-key.pem`, '-config', 'profiles.json', '-profile', profile, `${name}-csr.json`], { cwd: dir }), name);
    for (const ca of ['kubernetes-ca', 'etcd-ca', 'front-proxy-ca']) sign('ca', 'intermediate', ca);
    sign('kubernetes-ca', 'server', 'kube-apiserver');
    sign('kubernetes-ca', 'client', 'kubelet-client-chromebox-2');
    sign('etcd-ca', 'peer', 'etcd-peer-chromebox-1');
    sign('front-proxy-ca', 'client', 'front-proxy-client');
    run('sh', ['-c', 'cat kubernetes-ca.pem etcd-ca.pem front-proxy-ca.pem > intermediates.pem'], { cwd: dir });
    const leaves = ['kube-apiserver', 'kubelet-client-chromebox-2', 'etcd-peer-chromebox-1', 'front-proxy-client'];
    expect(run('openssl', ['verify', '-CAfile', 'ca.pem', '-untrusted', 'intermediates.pem', ...leaves.map((l) => `${l}.pem`)], { cwd: dir })).toBe(
      leaves.map((l) => `${l}.pem: OK\n`).join(''),
    );
    const text = run('openssl', ['x509', '-noout', '-text', '-in', 'kube-apiserver.pem'], { cwd: dir });
    expect(text).toContain('NIST CURVE: P-521');
    expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA512/);
    expect(text).toContain(
      'DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:localhost, DNS:chromebox-1, IP Address:10.20.0.11, IP Address:10.96.0.1, IP Address:127.0.0.1',
    );
    expect(run('openssl', ['x509', '-noout', '-ext', 'extendedKeyUsage', '-in', 'etcd-peer-chromebox-1.pem'], { cwd: dir })).toContain(
      'TLS Web Server Authentication, TLS Web Client Authentication',
    );
    expect(run('openssl', ['x509', '-noout', '-subject', '-in', 'kubelet-client-chromebox-2.pem'], { cwd: dir })).toBe(
      'subject=O = system:nodes, CN = system:node:chromebox-2\n',
    );
  });
});

describe('pkiFiles on a fleet', () => {
  const lab = () => exampleSpec('chromebox-lab');
  const moved = lab();
  (moved.spec.network as { nodes: { address: string }[] }).nodes[1]!.address = '10.20.0.14';
  // The first is the base; each of the others changes what some cfssl file is made of.
  const variants: [ReturnType<typeof exampleSpec>, object][] = [
    [lab(), {}],
    [{ ...lab(), metadata: { name: 'other-lab' } }, {}],
    [moved, {}],
    [syntheticSpec(3), {}],
    [lab(), { validity: { root: '100000h' } }],
    [lab(), { validity: { intermediate: '1000h' } }],
    [lab(), { validity: { leaf: '300h' } }],
    [lab(), { apiServer: { extraSANs: ['api.lab.example.org'] } }],
  ];

  it('gives each cluster the files a fresh render gives, whatever clusters came before', async () => {
    const plans = variants.map(([spec, pki]) => {
      const { cluster, block, dataplane } = loadValid(spec, pki);
      return planPki(cluster, block, dataplane);
    });
    const cfsslFiles = (files: { path: string; content: string }[]) => files.filter((f) => f.path.startsWith('nixos/pki/cfssl/'));
    const { pkiFiles } = await import('./render.ts');
    // Twice through one module: the second round answers from the memo.
    plans.forEach((plan) => pkiFiles(plan));
    const shared = plans.map((plan) => cfsslFiles(pkiFiles(plan)));
    const fresh = [];
    for (const plan of plans) {
      vi.resetModules();
      fresh.push(cfsslFiles((await import('./render.ts')).pkiFiles(plan)));
    }
    expect(shared).toEqual(fresh);
    for (const files of shared.slice(1)) expect(files).not.toEqual(shared[0]);
  });
});

describe('gitopsAddons', () => {
  it('pins each object file of the engine folder, not its kustomization.yaml nor other folders', () => {
    const sha = (c: string) => c.repeat(64);
    const [file] = gitopsAddons(
      [
        { path: 'flux-system/gitrepository-flux-system-lab.yaml', sha256: sha('a') },
        { path: 'flux-system/kustomization.yaml', sha256: sha('b') },
        { path: 'config/cilium-dataplane/x.yaml', sha256: sha('c') },
      ],
      'flux-system',
    );
    expect(file?.path).toBe('nixos/kubernetes-addons.nix');
    expect(file?.content).toContain(
      `src = builtins.path { path = ../flux-system/gitrepository-flux-system-lab.yaml; name = "gitrepository-flux-system-lab.yaml"; recursive = false; sha256 = "${sha('a')}"; };`,
    );
    expect(file?.content.match(/builtins\.path/g)).toHaveLength(1);
  });
});
