import { type ComponentChart, type ComponentContext, SpecError } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { RELEASE } from './address.ts';
import { checkInternalDns } from './checks.ts';
import { allowDnsClients } from './network-policy.ts';
import { K8S_GATEWAY_CHART, K8S_GATEWAY_REPOSITORY } from './pins.ts';
import type { InternalDnsBlock } from './schema.ts';
import { k8sGatewayValues } from './values.ts';

/**
 * Renders `spec.internalDNS`: the k8s-gateway chart (layer `controllers`,
 * health-checked on its Deployment) with its LoadBalancer Service on 53 UDP
 * and TCP, and, under a default deny that closes its namespace, the allow for
 * DNS clients (layer `config`). No Namespace objects: the release creates its own.
 */
export function renderInternalDns(chart: ComponentChart, { cluster, block, facts }: ComponentContext<InternalDnsBlock>): void {
  const error = checkInternalDns(cluster, block, facts).find((i) => i.severity !== 'warning');
  if (error !== undefined) throw new SpecError(error.path, error.message);
  chart.addHelmRelease({
    name: RELEASE,
    namespace: block.namespace,
    chart: K8S_GATEWAY_CHART,
    version: block.version,
    repository: K8S_GATEWAY_REPOSITORY,
    values: k8sGatewayValues(cluster, block, facts.addressPools) as unknown as Record<string, unknown>,
  });
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: RELEASE, namespace: block.namespace });
  const allow = allowDnsClients(cluster, block, facts.defaultDeny);
  if (allow !== undefined) addObject(chart.layer('config'), allow);
}
