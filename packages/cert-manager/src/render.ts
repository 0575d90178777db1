import { type ComponentChart, type ComponentContext, type ObjectModel, SpecError } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { prometheusRule } from './alerts.ts';
import { certificate } from './certificates.ts';
import { RELEASE } from './facts.ts';
import { bootstrapObjects, clusterIssuer } from './issuers.ts';
import { CERT_MANAGER_CHART, CERT_MANAGER_CHART_REPOSITORY, pinOf } from './pins.ts';
import { plan } from './plan.ts';
import type { CertManagerBlock } from './schema.ts';
import { certManagerValues } from './values.ts';

/** Deployments the chart creates; `config` waits for all three (the webhook admits every issuer and certificate). */
export const DEPLOYMENTS = [RELEASE, `${RELEASE}-webhook`, `${RELEASE}-cainjector`] as const;

/**
 * Renders `spec.certManager`: the chart (layer `controllers`, health-checked),
 * and the ClusterIssuers, CA bootstrap chain, one Certificate per TLS Secret
 * and the PrometheusRule (layer `config`). No Namespace objects: the release
 * creates its own, and the TLS hosts' namespaces belong to their components.
 */
export function renderCertManager(chart: ComponentChart, { cluster, block, facts }: ComponentContext<CertManagerBlock>): void {
  const name = cluster.metadata.name;
  const planned = plan(block, facts, cluster.spec.network.clusterDomain ?? 'cluster.local');
  const error = planned.issues.find((i) => i.severity !== 'warning');
  if (error !== undefined) throw new SpecError(error.path, error.message);
  // Gateway API CRDs come from layer crds, so they exist when the controller starts (it only looks once).
  const gatewaySolvers = [...planned.solvers.values()].some((list) => list.some((s) => s.kind === 'gateway'));
  const digest = pinOf(block.version)?.digest;

  chart.addHelmRelease({
    name: RELEASE,
    namespace: block.namespace,
    chart: CERT_MANAGER_CHART,
    version: block.version,
    repository: CERT_MANAGER_CHART_REPOSITORY,
    ...(digest === undefined ? {} : { digest }),
    values: certManagerValues(block, gatewaySolvers) as unknown as Record<string, unknown>,
    // CRDs are handled explicitly on install and upgrade. The chart renders them from
    // templates/ (crds.enabled), so Helm applies them like any other object and
    // crds.keep protects them on uninstall; CreateReplace is stated anyway so the
    // policy stays right should a chart version move them into crds/, which Flux
    // would otherwise skip on upgrade.
    crds: 'CreateReplace',
  });
  for (const deployment of DEPLOYMENTS) {
    chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment, namespace: block.namespace });
  }

  const objects: ObjectModel[] = [];
  for (const issuer of block.issuers) {
    objects.push(clusterIssuer(name, issuer, planned.solvers.get(issuer.name) ?? []));
    if (issuer.ca?.selfSignedBootstrap === true) objects.push(...bootstrapObjects(name, block, issuer));
  }
  for (const c of planned.certificates) objects.push(certificate(name, block, c));
  // A PrometheusRule without the operator's CRDs would fail the whole config layer.
  if (block.alerts.enabled && facts.versions['prometheus-operator'] !== undefined) objects.push(prometheusRule(name, block));
  const config = chart.layer('config');
  for (const obj of objects) addObject(config, obj);
}
