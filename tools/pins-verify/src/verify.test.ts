import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatResult } from './cli.ts';
import { parsePins } from './input.ts';
import { helmResolver, referenceResolver } from './resolve.ts';
import { replayRunner } from './runner.ts';
import { needShared, sharedResource } from '@strata/core/shared';
import { verifyPins } from './verify.ts';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const LAB = join(FIXTURES, 'lab');
const CLIENTS = ['online.json', 'failing.json'].map((f) => join(FIXTURES, 'clients', f));
const charts = sharedResource('reference/charts');

function pins(name: string) {
  return parsePins(readFileSync(join(FIXTURES, 'pins', `${name}.json`), 'utf8'), `pins/${name}.json`);
}

/**
 * A temp folder holding what `helm pull --untar` leaves for the fixture charts
 * (the reference copies stand in for the pulled ones), and a runner that
 * replays the recorded clients with `<work>` for it.
 */
function online(reference: string) {
  const workDir = mkdtempSync(join(tmpdir(), 'strata-pins-verify-test-'));
  for (const [chart, version] of [
    ['ingress-nginx', '4.13.9'],
    ['cert-manager', 'v1.21.1'],
  ] as const) {
    mkdirSync(join(workDir, 'charts', `${chart}-${version}`), { recursive: true });
    symlinkSync(join(reference, chart, version), join(workDir, 'charts', `${chart}-${version}`, chart));
  }
  const runner = replayRunner(CLIENTS, { '<work>': workDir });
  return { runner, opts: { runner, resolver: helmResolver(runner, workDir), root: LAB, workDir } };
}

const CM_DIGEST = 'sha256:903cf4a4c7be3de2c7bc844c534f58641d29f2f20101f800c6976398331b5318';

describe('verifyPins', () => {
  it('proves a tree whose pins all hold: charts, digests, values, rendered objects, images and tags', async (ctx) => {
    const { runner, opts } = online(needShared(ctx, charts));
    const results = await verifyPins(pins('ok'), opts);
    expect(results.map(formatResult)).toEqual([
      'ok   chart ingress-nginx 4.13.9 from https://kubernetes.github.io/ingress-nginx: exists',
      'ok   release ingress-internal (lab) of ingress-nginx 4.13.9: values match values.yaml (the chart has no values.schema.json)',
      'ok   release ingress-internal (lab) of ingress-nginx 4.13.9: helm template renders objects kubeconform accepts (3 resources found parsing stdin - Valid: 3, Invalid: 0, Errors: 0, Skipped: 0)',
      'ok   chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: exists',
      `ok   chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: digest ${CM_DIGEST} matches`,
      'ok   release cert-manager (lab) of cert-manager v1.21.1: values match values.schema.json and values.yaml',
      'ok   release cert-manager (lab) of cert-manager v1.21.1: helm template renders objects kubeconform accepts (3 resources found parsing stdin - Valid: 3, Invalid: 0, Errors: 0, Skipped: 0)',
      'ok   image docker.io/cloudflare/cloudflared:2026.7.2@sha256:4f6655284ab3d252b7f28fedb19fe6c8fc82ee5b1295c20ac74d475e5398a52d: exists; digest matches',
      'ok   image docker.io/library/busybox:1.37.0: exists; its digest is sha256:7dec0b512891c7488f71165f3e19e4d3f5fbc252c2ddb2a6f0d3eb8c78c466c0 (the tree pins the tag only)',
      'ok   git https://github.com/cert-manager/cert-manager tag v1.21.1 commit 24e33194fb39488eff2bbf10c6dc640f407cad44: tag exists at the pinned commit',
      'ok   git https://github.com/kubernetes-sigs/gateway-api tag v1.3.0 commit 40be951cebe5cb3f0365fe6951403de4ff8b9f33: tag exists at the pinned commit',
    ]);
    // Each client once per pin; the cluster's own repository (role sync) is not asked about.
    expect(runner.calls.map((c) => [c.command, ...c.args.slice(0, 3)].join(' '))).toEqual([
      'helm show chart ingress-nginx',
      'helm pull ingress-nginx --repo',
      'helm template ingress-internal <work>/charts/ingress-nginx-4.13.9/ingress-nginx',
      'npx kubeconform -strict -summary',
      'helm show chart oci://quay.io/jetstack/charts/cert-manager',
      'helm pull oci://quay.io/jetstack/charts/cert-manager --version',
      'crane digest quay.io/jetstack/charts/cert-manager:v1.21.1',
      'helm template cert-manager <work>/charts/cert-manager-v1.21.1/cert-manager',
      'npx kubeconform -strict -summary',
      'crane digest docker.io/cloudflare/cloudflared:2026.7.2',
      'crane digest docker.io/library/busybox:1.37.0',
      'git ls-remote https://github.com/cert-manager/cert-manager refs/tags/v1.21.1',
      'git ls-remote https://github.com/kubernetes-sigs/gateway-api refs/tags/v1.3.0',
    ]);
    // helm template gets the release's rendered values, as a file.
    expect(JSON.parse(readFileSync(join(opts.workDir, 'values', '2.yaml'), 'utf8'))).toEqual({
      cainjector: { replicaCount: 1 },
      crds: { enabled: true, keep: true },
      prometheus: { enabled: true, servicemonitor: { enabled: false } },
      replicaCount: 2,
      webhook: { replicaCount: 1 },
    });
  });

  it('fails a version never released, a digest or commit that differs, a missing tag or repository, a value of the wrong type, an unknown key and a broken object', async (ctx) => {
    const { opts } = online(needShared(ctx, charts));
    const results = await verifyPins(pins('failing'), opts);
    const CM = 'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager-broken.yaml';
    const ING = 'rendered/lab/controllers/nginx-edge/helmrelease-flux-system-ingress-broken.yaml';
    const KPS = 'rendered/lab/controllers/observability/helmrelease-flux-system-kube-prometheus-stack.yaml';
    const GW = '       used in rendered/lab/crds/cilium-dataplane/gitrepository-flux-system-gateway-api-crds.yaml';
    expect(results.map(formatResult).join('\n')).toBe(
      [
        'ok   chart ingress-nginx 4.13.9 from https://kubernetes.github.io/ingress-nginx: exists',
        `FAIL ${ING}:27:9 spec.values.controller.service.externalTraficPolicy: [release ingress-broken (lab) of ingress-nginx 4.13.9] is not in values.yaml of ingress-nginx 4.13.9 and no template reads it: Helm ignores it`,
        `FAIL ${ING} spec.values: [release ingress-broken (lab) of ingress-nginx 4.13.9] kubeconform: stdin - Deployment ingress-broken-ingress-nginx-controller is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with 'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.0-standalone-strict/deployment-apps-v1.json#' - at '/spec/replicas': got string, want integer`,
        '       Summary: 3 resources found parsing stdin - Valid: 2, Invalid: 1, Errors: 0, Skipped: 0',
        'FAIL chart kube-prometheus-stack 81.4.5 from https://prometheus-community.github.io/helm-charts: chart "kube-prometheus-stack" version "81.4.5" not found in https://prometheus-community.github.io/helm-charts repository',
        `       used in ${KPS}`,
        'ok   chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: exists',
        `FAIL chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: digest differs: quay.io/jetstack/charts/cert-manager:v1.21.1 is ${CM_DIGEST} upstream, the tree pins sha256:95211841ef9076ff567494eb9c3632b1def96d7c7dd88ecf09f09804ceba42a0`,
        `       used in ${CM}`,
        `FAIL ${CM}:21:5 spec.values.replicaCount: [release cert-manager-broken (lab) of cert-manager v1.21.1] must be number`,
        `FAIL ${CM} spec.values: [release cert-manager-broken (lab) of cert-manager v1.21.1] helm template: values don't meet the specifications of the schema(s) in the following chart(s):`,
        '       cert-manager:',
        "       - at '/replicaCount': got string, want number",
        'FAIL image docker.io/library/busybox:1.99.0: crane digest docker.io/library/busybox:1.99.0: GET https://index.docker.io/v2/library/busybox/manifests/1.99.0: MANIFEST_UNKNOWN: manifest unknown; unknown tag=1.99.0',
        '       used in rendered/lab/config/x/deployment.yaml',
        'FAIL image ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.4-thick@sha256:3c20900b5381fac7f9cbbdfac8370ea10a2f6ed7fbecc678384a9db57047abb1: digest differs: ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.4-thick is sha256:05325684a1e824116a1a2166ca3848433be97b35034e06f52598732f77fecb53 upstream, the tree pins sha256:3c20900b5381fac7f9cbbdfac8370ea10a2f6ed7fbecc678384a9db57047abb1',
        '       used in rendered/lab/config/x/deployment.yaml',
        'FAIL git https://github.com/kubernetes-sigs/gateway-api tag v1.3.0 commit f1e2d3c4b5a69788796a5b4c3d2e1f0011223344: commit differs: tag v1.3.0 is 40be951cebe5cb3f0365fe6951403de4ff8b9f33 upstream, the tree pins f1e2d3c4b5a69788796a5b4c3d2e1f0011223344',
        GW,
        'FAIL git https://github.com/kubernetes-sigs/gateway-api tag v9.9.9: tag v9.9.9 does not exist in https://github.com/kubernetes-sigs/gateway-api',
        GW,
        "FAIL git https://github.com/example/gone tag v1.0.0: git ls-remote: remote: Repository not found. fatal: repository 'https://github.com/example/gone/' not found",
        GW,
      ].join('\n'),
    );
  });

  it('with reference copies instead of helm pull, reports 81.4.5 as not released (SOURCE.json) and checks values offline, subcharts included', async (ctx) => {
    const reference = needShared(ctx, charts);
    const runner = replayRunner([]);
    const results = await verifyPins(pins('reference'), {
      runner,
      resolver: referenceResolver(reference),
      root: LAB,
      workDir: mkdtempSync(join(tmpdir(), 'strata-pins-verify-test-')),
      checks: new Set(['charts', 'values'] as const),
    });
    const KPS = 'rendered/lab/controllers/observability/helmrelease-flux-system-kube-prometheus-stack.yaml';
    const CM = 'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager';
    expect(results.map((r) => formatResult(r).split('\n')[0])).toEqual([
      'ok   chart kube-prometheus-stack 81.4.3 from https://prometheus-community.github.io/helm-charts: exists',
      `FAIL ${KPS}:32:11 spec.values.grafana.sidecar.dashboards.labelValu: [release kube-prometheus-stack (lab) of kube-prometheus-stack 81.4.3] is not in values.yaml of grafana 10.5.15 and no template reads it: Helm ignores it`,
      expect.stringMatching(
        /^FAIL chart kube-prometheus-stack 81\.4\.5 from https:\/\/prometheus-community\.github\.io\/helm-charts: not released \(nearest release: 81\.4\.3\): 81\.4\.5 was never released: no tag kube-prometheus-stack-81\.4\.5 /,
      ),
      'ok   chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: exists',
      'ok   release cert-manager (lab) of cert-manager v1.21.1: values match values.schema.json and values.yaml',
      `FAIL ${CM}-broken.yaml:21:5 spec.values.replicaCount: [release cert-manager-broken (lab) of cert-manager v1.21.1] must be number`,
    ]);
    // Offline: no client was asked anything.
    expect(runner.calls).toEqual([]);
  });
});
