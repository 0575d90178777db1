import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, REPO, strata, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { tool } from './pki/__fixtures__/workspace.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** Objects and files of a committed example (its index), so these tests follow the examples as they grow. */
function stats(name: string): { o: number; f: number } {
  const index = JSON.parse(readFileSync(join(REPO, 'rendered', name, 'index.json'), 'utf8')) as { objects: number; files: unknown[] };
  return { o: index.objects, f: index.files.length + 1 };
}
const [CB, EB, HL] = [stats('chromebox-lab'), stats('edge-bgp'), stats('homelab')];
/** The examples' accepted policy violations, printed on every render and validate (grep clusters/ for `waivers`). */
const WAIVED = [
  'chromebox-lab: waived [default-deny] Namespace/apps: the lab runs without a default deny until its apps have their own policies',
  'chromebox-lab: waived [default-deny] Namespace/gateway: the lab runs without a default deny until its apps have their own policies',
  'chromebox-lab: waived [ingress-snippets] HelmRelease/flux-system/ingress-nginx: caching needs Critical snippets; only platform admins write Ingresses in the lab',
  'chromebox-lab: waived [ingress-snippets] Ingress/apps/web: proxy_cache configuration-snippet; ingress-nginx has no snippet-free way to cache',
  'chromebox-lab: waived [upstream-pinned] OCIRepository/flux-system/cert-manager-cert-manager: the digest of the cert-manager v1.21.1 chart could not be looked up offline; record it in packages/cert-manager/src/pins.ts, then drop this waiver',
  'edge-bgp: waived [default-deny] Namespace/dns: PowerDNS answers any client on the L4 fast path; a default deny comes with its client policies',
  'edge-bgp: waived [default-deny] Namespace/kafka: Redpanda serves clients on the L4 fast path; a default deny comes with its client policies',
  'edge-bgp: waived [default-deny] Namespace/web: the edge reaches the site from ingress-nginx; a default deny comes with the site policies',
];
/** homelab's waivers, printed alone when only homelab renders. */
const HOMELAB_WAIVED_LINES = [
  'homelab: waived [default-deny] Namespace/monitoring: Prometheus scrapes every namespace and Grafana serves the LAN; the namespace is exempt from the default deny on purpose',
  'homelab: waived [upstream-pinned] OCIRepository/flux-system/cert-manager-cert-manager: the digest of the cert-manager v1.21.1 chart could not be looked up offline; record it in packages/cert-manager/src/pins.ts, then drop this waiver',
];
const HOMELAB_WAIVED = HOMELAB_WAIVED_LINES.join('\n');

function spec(root: string, name: string): string {
  return join(root, 'clusters', name, 'cluster.yaml');
}

describe('strata render', () => {
  it('renders every example cluster from a fresh tree, then finds nothing to do', () => {
    const root = tempWorkspace();
    const first = strata(['render'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr.split('\n')).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, ${CB.f} written (<t> ms)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, ${EB.f} written (<t> ms)`,
      `homelab: ${HL.o} objects in ${HL.f} files, ${HL.f} written (<t> ms)`,
      ...WAIVED,
      ...HOMELAB_WAIVED_LINES,
      'schema/cluster.schema.json: updated',
      'schema/profile.schema.json: updated',
      '',
    ]);
    const before = treeHash(root);
    const again = strata(['render'], root);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      [
        `chromebox-lab: ${CB.o} objects in ${CB.f} files, unchanged (skipped: same inputs as its last render)`,
        `edge-bgp: ${EB.o} objects in ${EB.f} files, unchanged (skipped: same inputs as its last render)`,
        `homelab: ${HL.o} objects in ${HL.f} files, unchanged (skipped: same inputs as its last render)`,
        ...WAIVED,
        ...HOMELAB_WAIVED_LINES,
        '',
      ].join('\n'),
    );
    expect(treeHash(root)).toEqual(before);
    const forced = strata(['render', '--force', '--cluster', 'homelab'], root);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe(`homelab: ${HL.o} objects in ${HL.f} files, unchanged (<t> ms)\n${HOMELAB_WAIVED}\n`);
    const check = strata(['render', '--check'], root);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe('');
  });

  it('renders a skipped cluster again when a file under rendered/ was edited or removed by hand', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = join(root, 'rendered/edge-bgp/crds/kustomization.yaml');
    appendFileSync(file, '# hand edit\n');
    rmSync(join(root, 'rendered/homelab/config/kustomization.yaml'));
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, unchanged (skipped: same inputs as its last render)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, 1 written (<t> ms)`,
      `homelab: ${HL.o} objects in ${HL.f} files, 1 written (<t> ms)`,
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('# hand edit');
  });

  it('stops a broken spec with file:line:col and writes nothing under rendered/', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const before = treeHash(root);
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('mtu: 1500', 'mtu: 9300'));
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/homelab/cluster.yaml:31:10 spec.network.mtu: must be <= 9216\n');
    expect(run.stderr).toBe('1 error; nothing was written\n');
    const after = treeHash(root);
    delete after['clusters/homelab/cluster.yaml'];
    delete before['clusters/homelab/cluster.yaml'];
    expect(after).toEqual(before);
  });

  it('stops on bad YAML in a manifest with its file:line:col, writes nothing, and --check fails the same way', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const before = treeHash(join(root, 'rendered'));
    const manifest = join(root, 'workloads/blog/networkpolicy.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('  podSelector: {}', '  podSelector: {\n  policyTypes: [Ingress'));
    for (const args of [['render', '--cluster', 'homelab'], ['render', '--check', '--cluster', 'homelab']]) {
      const run = await strataIn(args, root);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n')[0]).toMatch(/^workloads\/blog\/networkpolicy\.yaml:\d+:\d+ /);
      expect(run.stdout).toContain('  hint: fix the YAML at the position shown; nothing was written');
    }
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
  });

  it('fails --check with the list of stale, missing and foreign files, and fixes them on render', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = spec(root, 'homelab');
    // The branch comes from the base profile; the cluster file overrides it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('  kubernetes:\n', '  gitops:\n    repository:\n      branch: staging\n  kubernetes:\n'));
    writeFileSync(join(root, 'rendered/homelab/config/stray.yaml'), 'kind: ConfigMap\n');
    rmSync(join(root, 'rendered/homelab/crds/kustomization.yaml'));
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual([
      'rendered/homelab/config/stray.yaml: not produced by the spec',
      '  hint: rendered/ is generated; remove the file or run `npm run render`',
      'rendered/homelab/crds/kustomization.yaml: missing; the spec renders it',
      '  hint: run `npm run render` and commit rendered/',
      'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml: differs from what the spec renders',
      '  hint: run `npm run render` and commit rendered/',
      'rendered/homelab/index.json: differs from what the spec renders',
      '',
    ]);
    expect(check.stderr).toBe(
      [
        `chromebox-lab: up to date (${CB.o} objects, ${CB.f} files)`,
        `edge-bgp: up to date (${EB.o} objects, ${EB.f} files)`,
        `homelab: out of date (${HL.o} objects, ${HL.f} files)`,
        'rendered/ is out of date: 4 problems; run `npm run render` and commit',
        '',
      ].join('\n'),
    );
    const fix = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(fix.code).toBe(0);
    expect(fix.stderr).toBe(`homelab: ${HL.o} objects in ${HL.f} files, 3 written, 1 removed (<t> ms)\n${HOMELAB_WAIVED}\n`);
    expect(readFileSync(join(root, 'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml'), 'utf8')).toContain(
      'branch: staging',
    );
    expect((await strataIn(['render', '--check'], root)).code).toBe(0);
  });

  it('removes the folder of a cluster whose spec was deleted', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    rmSync(join(root, 'clusters/edge-bgp'), { recursive: true });
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(
      'rendered/edge-bgp: no cluster spec renders this folder\n  hint: run `npm run render` to remove it, or restore its clusters/<name>/cluster.yaml\n',
    );
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rendered/edge-bgp: removed (its cluster spec is gone)\n');
    expect(Object.keys(treeHash(join(root, 'rendered/edge-bgp')))).toEqual([]);
  });

  it('renders byte-identical output whatever the time zone and locale', () => {
    const a = tempWorkspace();
    const b = tempWorkspace();
    expect(strata(['render'], a, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }).code).toBe(0);
    expect(strata(['render'], b, { TZ: 'America/St_Johns', LANG: 'C', LC_ALL: 'C' }).code).toBe(0);
    expect(treeHash(join(b, 'rendered'))).toEqual(treeHash(join(a, 'rendered')));
  });

  it('prints a machine-readable summary with --json', async () => {
    const root = tempWorkspace();
    const run = await strataIn(['render', '--json', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; clusters: { name: string; objects: number; written: string[] }[] };
    expect(out.ok).toBe(true);
    expect(out.clusters.map((c) => [c.name, c.objects, c.written.length])).toEqual([['edge-bgp', EB.o, EB.f]]);
  });

  it('reports an unreadable spec as a finding, not a crash', async () => {
    const root = tempWorkspace();
    writeFileSync(spec(root, 'homelab'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    writeFileSync(spec(root, 'edge-bgp'), '');
    const run = await strataIn(['render'], root);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => !l.startsWith('  hint:'));
    expect(lines[0]).toMatch(/^clusters\/edge-bgp\/cluster\.yaml:1:1 /);
    expect(lines[1]).toMatch(/^clusters\/homelab\/cluster\.yaml:1:4 /);
    expect(run.stderr).toBe('2 errors; nothing was written\n');
    expect(treeHash(join(root, 'rendered'))).toEqual({});
  });
});

describe('strata diff', () => {
  it('prints, object by object, what a spec edit would change, and writes nothing', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = spec(root, 'homelab');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('            - 192.168.1.224/28\n', '            - 192.168.1.224/28\n            - 192.168.1.208/28\n')
        .replace('mtu: 1500', 'mtu: 9000'),
    );
    const before = treeHash(join(root, 'rendered'));
    const run = await strataIn(['diff'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'homelab:',
        '  ~ HelmRelease/flux-system/cilium spec.values.MTU: 1500 → 9000',
        '  ~ CiliumLoadBalancerIPPool/internal spec.blocks[1] added: {"cidr":"192.168.1.208/28"}',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('2 objects would change; run `npm run render` to write them\n');
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
    expect((await strataIn(['render'], root)).code).toBe(0);
    const after = await strataIn(['diff'], root);
    expect([after.stdout, after.stderr]).toEqual(['', 'no changes\n']);
  });
});

describe('strata diff --base', () => {
  it('summarises how rendered/ changed since a git ref, as text and as a PR comment', async () => {
    const root = tempWorkspace();
    const git = (...args: string[]) => {
      const res = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: root, encoding: 'utf8' });
      if (res.status !== 0) throw new Error(res.stderr);
    };
    git('init', '-q');
    expect((await strataIn(['render'], root)).code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'base');
    const file = spec(root, 'edge-bgp');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ecmpMaxPaths: 4', 'ecmpMaxPaths: 8').replace('communities: ["65010:100"]', 'communities: ["65010:200"]'));
    expect((await strataIn(['render'], root)).code).toBe(0);
    const run = await strataIn(['diff', '--base', 'HEAD'], root);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('edge-bgp:\n  ~ CiliumBGPAdvertisement/bgp-loadbalancer-ips spec.advertisements[0].attributes.communities.standard[0]: "65010:100" → "65010:200"\n');
    expect(run.stderr).toBe('1 object changed since HEAD\n');
    const md = await strataIn(['diff', '--base', 'HEAD', '--markdown'], root);
    expect(md.stdout).toBe(
      '### strata diff\n\n**edge-bgp**: 0 added, 0 removed, 1 changed\n\n- `~ CiliumBGPAdvertisement/bgp-loadbalancer-ips spec.advertisements[0].attributes.communities.standard[0]: "65010:100" → "65010:200"`\n\n',
    );
    const bad = await strataIn(['diff', '--base', 'no-such-ref'], root);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^git ls-tree failed: fatal: Not a valid object name no-such-ref\n {2}hint: pass a commit/);
  });
});

describe('strata explain', () => {
  it('answers what each example encrypts, which path its traffic takes, where TLS ends and how certificates renew', async () => {
    const run = await strataIn(['explain'], REPO);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    await expect(run.stdout).toMatchFileSnapshot('__snapshots__/explain.txt');
  });

  it('refuses to explain a spec with errors, showing them', async () => {
    const root = tempWorkspace();
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('mtu: 1500', 'mtu: 9300'));
    const run = await strataIn(['explain', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/homelab/cluster.yaml:31:10 spec.network.mtu: must be <= 9216\n');
    expect(run.stderr).toBe('homelab: the spec has 1 error; nothing to explain\n');
  });
});

describe('strata validate', () => {
  it('passes the rendered tree and flags a hand edit with its file', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const ok = await strataIn(['validate'], root);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toBe(
      [
        `chromebox-lab: ${CB.o} objects in ${CB.f} files checked`,
        `edge-bgp: ${EB.o} objects in ${EB.f} files checked`,
        `homelab: ${HL.o} objects in ${HL.f} files checked`,
        ...WAIVED,
        ...HOMELAB_WAIVED_LINES,
        '',
      ].join('\n'),
    );
    appendFileSync(join(root, 'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml'), '  bogus: 1\n');
    const bad = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')).toEqual([
      'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml: sha256 differs from index.json',
      '  hint: edit the spec or the component package, then run `npm run render`',
      // Strict mode: a field the kind does not have is an error, not silently pruned by the API server.
      'rendered/homelab/flux-system/gitrepository-flux-system-homelab.yaml:1:1 GitRepository/flux-system/homelab spec.bogus: unknown field',
      '',
    ]);
    expect(bad.stderr).toBe(`homelab: ${HL.o} objects in ${HL.f} files checked\n${HOMELAB_WAIVED}\n2 errors in rendered/\n`);
  });

  it('checks every route and Ingress backend against the Services that exist: a missing port stops render and fails validate', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const text = readFileSync(spec(root, 'homelab'), 'utf8');
    // The blog's Service (from spec.manifests) now offers only port 80, while the Ingress sends to 8080.
    const manifest = join(root, 'workloads/blog/blog.yaml');
    const yaml = readFileSync(manifest, 'utf8');
    expect(yaml).toContain('      port: 8080\n');
    writeFileSync(manifest, yaml.replace('      port: 8080\n', '      port: 80\n'));
    // The finding names the rendered object and, below it, the spec route that produced it.
    const routeLine = text.slice(0, text.indexOf('      - name: blog\n')).split('\n').length;
    const expected = (service: string) => [
      `rendered/homelab/config/nginx-edge/ingress-blog-blog.yaml Ingress/blog/blog spec.rules[0].http.paths[0].backend.service: [backend-exists] backend Service blog/blog has no port 8080: it has 80 "http" (${service})`,
      `  from: clusters/homelab/cluster.yaml:${routeLine}:9 spec.edge.routes[1]`,
      "  hint: fix the name or port; the cluster's own Services come from spec.manifests, or are declared under spec.backends (namespace, name, ports) when deployed outside the repository",
    ];
    const before = treeHash(join(root, 'rendered'));
    // The spec did not change, the manifest did: the render cache notices.
    const render = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(render.code).toBe(1);
    expect(render.stdout.split('\n').filter((l) => l !== '')).toEqual(expected('rendered/homelab/config/manifests/service-blog-blog.yaml'));
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
    // validate reads rendered/ as committed: a hand edit of the Service is caught twice.
    const service = join(root, 'rendered/homelab/config/manifests/service-blog-blog.yaml');
    writeFileSync(service, readFileSync(service, 'utf8').replace('port: 8080', 'port: 80'));
    const validate = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(validate.code).toBe(1);
    expect(validate.stdout.split('\n').filter((l) => l !== '')).toEqual([
      'rendered/homelab/config/manifests/service-blog-blog.yaml: sha256 differs from index.json',
      '  hint: edit the spec or the component package, then run `npm run render`',
      ...expected('rendered/homelab/config/manifests/service-blog-blog.yaml'),
    ]);
  });

  it('warns at its spec line about a declared backend that nothing routes to', async () => {
    const root = tempWorkspace();
    const file = spec(root, 'homelab');
    const text = readFileSync(file, 'utf8');
    const anchor = '  policy:\n';
    writeFileSync(file, text.replace(anchor, `  backends:\n    - {namespace: blog, name: blog-old, ports: [{port: 80}]}\n${anchor}`));
    const line = text.slice(0, text.indexOf(anchor)).split('\n').length + 1;
    const render = await strataIn(['render', '--cluster', 'homelab'], root);
    expect(render.code).toBe(0);
    expect(render.stdout.split('\n').filter((l) => l !== '')).toEqual([
      `clusters/homelab/cluster.yaml:${line}:7 spec.backends[0]: warning: Service blog/blog-old is declared, but no route, Ingress or tunnel names it`,
      '  hint: remove it from spec.backends, or fix the route, Ingress or tunnel that should name it',
    ]);
  });

  it('reports a hand-written value that kubectl (YAML 1.1) reads as a boolean and strata (YAML 1.2) as a string, at its line', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const dir = join(root, 'rendered/homelab/config');
    mkdirSync(join(dir, 'x'), { recursive: true });
    writeFileSync(join(dir, 'x/a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: apps\ndata:\n  x: on\n');
    const run = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      'rendered/homelab/config/kustomization.yaml: x/a.yaml is in the folder but not in its resources',
      '  hint: rendered/ is generated; remove the file or run `npm run render`',
      'rendered/homelab/config/x/a.yaml: not listed in index.json',
      'rendered/homelab/config/x/a.yaml:7:6 ConfigMap/apps/a data.x: YAML 1.1 reads true (boolean), YAML 1.2 reads "on" (string)',
      '  hint: quote the value ("on", "0o17", "1:30"): kubectl, Helm and kubeconform read YAML 1.1, kustomize and strata read YAML 1.2',
      '',
    ]);
    expect(run.stderr.split('\n').at(-2)).toBe('3 errors in rendered/');
  });

  it('names the file and object of a schema error and of a duplicate', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const dir = join(root, 'rendered/homelab/config');
    mkdirSync(join(dir, 'x'), { recursive: true });
    writeFileSync(join(dir, 'x/a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: apps\ndata:\n  k: 1\n');
    writeFileSync(join(dir, 'x/b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: apps\n');
    const run = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => !l.startsWith('  hint:'))).toEqual([
      'rendered/homelab/: ConfigMap/apps/a is defined 2 times: rendered/homelab/config/x/a.yaml, rendered/homelab/config/x/b.yaml',
      'rendered/homelab/config/kustomization.yaml: x/a.yaml is in the folder but not in its resources',
      'rendered/homelab/config/kustomization.yaml: x/b.yaml is in the folder but not in its resources',
      'rendered/homelab/config/x/a.yaml: not listed in index.json',
      'rendered/homelab/config/x/a.yaml:1:1 ConfigMap/apps/a data.k: must be string',
      'rendered/homelab/config/x/b.yaml: not listed in index.json',
      '',
    ]);
  });
});

describe('strata usage', () => {
  const root = tempWorkspace();
  it.each([
    [['frobnicate'], 'strata: unknown command "frobnicate"'],
    [['render', '--bogus'], 'strata: unknown option --bogus'],
    [['render', '--cluster'], 'strata: --cluster needs a value'],
    [['render', '--cluster', 'nope'], 'strata: unknown cluster "nope"; known: chromebox-lab, edge-bgp, homelab'],
    [['validate', '--check'], 'strata: validate does not take --check'],
    [['render', 'extra'], 'strata: unexpected argument "extra"'],
  ])('exits 2 for %j', async (args, message) => {
    const run = await strataIn(args, root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}\nrun \`strata --help\` for usage\n`);
  });

  it('explains where it looked when there is no workspace', () => {
    const run = strata(['render'], '/');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('no clusters/ folder in / or above\n  hint: run strata inside a workspace, or pass --root DIR\n');
  });

  it('prints help on --help and the version on --version', () => {
    expect(strata(['--help'], root).stdout).toMatch(/^strata — render cluster specs/);
    expect(strata(['--version'], root).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('turns an internal failure into one sentence, and shows the stack only with --debug', () => {
    const ws = tempWorkspace();
    mkdirSync(join(ws, 'rendered'), { recursive: true });
    writeFileSync(join(ws, 'rendered/homelab'), 'not a folder');
    const run = strata(['render', '--cluster', 'homelab'], ws);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toMatch(/^strata: internal error: ENOTDIR: not a directory/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const debug = strata(['render', '--cluster', 'homelab', '--debug'], ws);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('the committed tree', () => {
  it('is what the specs render (render --check on the repository)', () => {
    const run = strata(['render', '--check'], REPO);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('builds with kustomize in every folder a Kustomization points at', () => {
    const which = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (which.error !== undefined) throw new Error('kubectl is required for this test (it runs `kubectl kustomize`); install it or run .ci/run');
    for (const cluster of ['chromebox-lab', 'homelab', 'edge-bgp']) {
      const base = join(REPO, 'rendered', cluster);
      for (const folder of ['crds', 'controllers', 'config', cluster === 'edge-bgp' ? 'argocd' : 'flux-system']) {
        const res = spawnSync('kubectl', ['kustomize', join(base, folder)], { encoding: 'utf8' });
        expect(res.stderr, `${cluster}/${folder}`).toBe('');
        expect(res.status, `${cluster}/${folder}`).toBe(0);
        const listed = (readFileSync(join(base, folder, 'kustomization.yaml'), 'utf8').match(/^ {2}- /gm) ?? []).length;
        const built = res.stdout.trim() === '' ? 0 : res.stdout.split(/^---$/m).length;
        expect(built, `${cluster}/${folder}`).toBe(listed);
      }
    }
  });

  // nix-instantiate: required under CI=true, else skipped with the reason printed (like the pki-bootstrap tests).
  const nix = tool('nix-instantiate', ['--version'], 'nix-bin');
  it.runIf(nix.run)('pins every GitOps bootstrap object in the k8nix addons by the sha256 of its rendered bytes, in Nix that parses', () => {
    if (nix.missing !== undefined) throw new Error(`${nix.missing}; .ci/run installs it with tools/ci/setup-tools.sh`);
    const clusters = ['chromebox-lab', 'edge-bgp'];
    for (const cluster of clusters) {
      const dir = join(REPO, 'rendered', cluster, 'nixos');
      const engine = cluster === 'edge-bgp' ? 'argocd' : 'flux-system';
      const text = readFileSync(join(dir, 'kubernetes-addons.nix'), 'utf8');
      const pinned = [...text.matchAll(/builtins\.path \{ path = (\S+); .* sha256 = "([0-9a-f]{64})"; \}/g)].map((m) => [m[1]!, m[2]!] as const);
      const engineFiles = readFileSync(join(REPO, 'rendered', cluster, engine, 'kustomization.yaml'), 'utf8').match(/^ {2}- (.+)$/gm) ?? [];
      expect(pinned.map(([path]) => path).sort(), cluster).toEqual(engineFiles.map((l) => `../${engine}/${l.slice(4)}`).sort());
      for (const [path, sha] of pinned) {
        expect(createHash('sha256').update(readFileSync(join(dir, path))).digest('hex'), `${cluster} ${path}`).toBe(sha);
      }
      for (const file of ['kubernetes-addons.nix', 'kubernetes-pki.nix', 'host-network.nix']) {
        const parse = spawnSync('nix-instantiate', ['--parse', join(dir, file)], { encoding: 'utf8' });
        // What matters is that it parses: exit 0 and no error. A Nix that was never set up (no nixbld
        // group, nix.conf defaults) prints configuration warnings on stderr; those are not about the file.
        const errors = parse.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning: '));
        expect(errors, `${cluster} ${file}`).toEqual([]);
        expect(parse.status, `${cluster} ${file}`).toBe(0);
      }
    }
  });
});

describe('profiles', () => {
  it('re-renders exactly the clusters that use an edited profile, and records its new sha256 in their index', () => {
    const root = tempWorkspace();
    expect(strata(['render'], root).code).toBe(0);
    const flux = join(root, 'clusters/_profiles/flux.yaml');
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('description: Clusters synced by Flux.', 'description: Clusters that Flux syncs.'));
    const run = strata(['render'], root);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, 1 written (<t> ms)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, unchanged (skipped: same inputs as its last render)`,
      `homelab: ${HL.o} objects in ${HL.f} files, 1 written (<t> ms)`,
    ]);
    const sha = createHash('sha256').update(readFileSync(flux)).digest('hex');
    const index = JSON.parse(readFileSync(join(root, 'rendered/homelab/index.json'), 'utf8')) as { profiles: { name: string; sha256: string }[] };
    expect(index.profiles.map((p) => p.name)).toEqual(['base', 'flux']);
    expect(index.profiles[1]!.sha256).toBe(sha);
  });

  it('shows in strata diff which profile moved a cluster, beside the objects it changed', () => {
    const root = tempWorkspace();
    expect(strata(['render'], root).code).toBe(0);
    const flux = join(root, 'clusters/_profiles/flux.yaml');
    const before = createHash('sha256').update(readFileSync(flux)).digest('hex').slice(0, 8);
    writeFileSync(flux, readFileSync(flux, 'utf8').replace('    engine: flux\n', '    engine: flux\n    interval: 15m\n'));
    const after = createHash('sha256').update(readFileSync(flux)).digest('hex').slice(0, 8);
    const run = strata(['diff', '--cluster', 'homelab', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'homelab:',
      `  profile flux: ${before} → ${after}`,
      '  ~ Kustomization/flux-system/homelab-config spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-controllers spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-crds spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-gitops spec.interval: "10m" → "15m"',
      '  ~ Kustomization/flux-system/homelab-secrets spec.interval: "10m" → "15m"',
      '',
    ]);
  });

  it('stops a bad value in a profile at the profile line, once, and writes nothing', () => {
    const root = tempWorkspace();
    expect(strata(['render'], root).code).toBe(0);
    const before = treeHash(root);
    const base = join(root, 'clusters/_profiles/base.yaml');
    writeFileSync(base, readFileSync(base, 'utf8').replace('clusterDomain: cluster.local', 'clusterDomain: Cluster_Local'));
    const run = strata(['render'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('clusters/_profiles/base.yaml:23:20 spec.network.clusterDomain: must be a DNS domain such as cluster.local\n');
    expect(run.stderr).toBe('1 error; nothing was written\n');
    const after = treeHash(root);
    delete after['clusters/_profiles/base.yaml'];
    delete before['clusters/_profiles/base.yaml'];
    expect(after).toEqual(before);
  });

  it('places a value a cluster cannot take at the profile line that set it, naming the cluster', () => {
    const root = tempWorkspace();
    const base = join(root, 'clusters/_profiles/base.yaml');
    // Valid for a profile (any Kubernetes version), but older than what the components support.
    writeFileSync(base, readFileSync(base, 'utf8').replace('version: "1.33"', 'version: "1.20"'));
    const run = strata(['render', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(1);
    // cert-manager's version is set in the profile: the finding is there, and says which cluster it is about.
    expect(run.stdout.split('\n')[0]).toBe(
      'clusters/_profiles/base.yaml:37:14 spec.certManager.version: cert-manager needs kubernetes >= 1.33, the cluster runs 1.20: cert-manager v1.21.1 supports Kubernetes 1.33–1.36 (cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)) (cluster edge-bgp)',
    );
  });

  it('renders docs/profiles.md\'s example of growing the fleet, with the waiver the flux profile brings', () => {
    const readme = readFileSync(join(REPO, 'docs/profiles.md'), 'utf8');
    const example = /```yaml\n# clusters\/lab-2\/cluster\.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const root = tempWorkspace();
    mkdirSync(join(root, 'clusters/lab-2'));
    writeFileSync(spec(root, 'lab-2'), example!);
    const run = strata(['render', '--cluster', 'lab-2'], root);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^lab-2: \d+ objects in \d+ files, \d+ written \(<t> ms\)\nlab-2: waived \[upstream-pinned\] OCIRepository\/flux-system\/cert-manager-cert-manager: /);
  });

  it('refuses a missing profile at the line that names it, with the known ones', () => {
    const root = tempWorkspace();
    const file = spec(root, 'homelab');
    writeFileSync(file, readFileSync(file, 'utf8').replace('profiles: [flux]', 'profiles: [flux, nope]'));
    const run = strata(['render', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'clusters/homelab/cluster.yaml:9:18 profiles[1]: no profile "nope": clusters/_profiles/nope.yaml does not exist\n  hint: known profiles: base, flux\n',
    );
    expect(run.stderr).toBe('1 error; nothing was written\n');
  });
});

describe('strata spec', () => {
  it('prints the resolved spec with the file and line that set each value, or default', () => {
    const run = strata(['spec', '--cluster', 'edge-bgp'], REPO);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'edge-bgp (clusters/edge-bgp/cluster.yaml; profiles: base)',
      '  apiVersion: "strata.dev/v1alpha1"  # clusters/edge-bgp/cluster.yaml:7:13',
      '  kind: "Cluster"  # clusters/edge-bgp/cluster.yaml:8:7',
    ]);
    expect(lines).toContain('  spec.certManager.version: "v1.21.1"  # clusters/_profiles/base.yaml:37:14');
    expect(lines).toContain('  spec.gitops.engine: "argocd"  # clusters/edge-bgp/cluster.yaml:19:13');
    expect(lines).toContain('  spec.gitops.interval: "10m"  # default');
    // An issuer merged by name: the profile sets its ACME server, the cluster its contact.
    expect(lines).toContain('  spec.certManager.issuers[0].acme.letsEncrypt: "production"  # clusters/_profiles/base.yaml:43:24');
    expect(lines).toContain('  spec.certManager.issuers[0].acme.email: "noc@example.net"  # clusters/edge-bgp/cluster.yaml:130:18');
  });
});
