// strata validate over rendered/ as committed, in-process (strataIn: the same `main` the bin runs).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { CB, EB, HL, HOMELAB_WAIVED, HOMELAB_WAIVED_LINES, spec, VALIDATE_ALL_CHECKED, WAIVED } from './__fixtures__/examples.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

describe('strata validate', () => {
  it('passes the rendered tree and flags a hand edit with its file', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const ok = await strataIn(['validate'], root);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toBe(VALIDATE_ALL_CHECKED);
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
