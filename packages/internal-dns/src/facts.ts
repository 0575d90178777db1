import { type BlockContext, type FactsPart, kubernetesUnchecked, type LoadBalancerAddress, type MetricsEndpoint } from '@strata/core';
import { POD_LABELS, RELEASE } from './address.ts';
import { BLOCK_PATH, COMPONENT } from './metadata.ts';
import { pinOf } from './pins.ts';
import type { InternalDnsBlock } from './schema.ts';

/**
 * CoreDNS' metrics as the chart exposes them: the `prometheus` zone plugin
 * on 9153, container port `metrics`; the chart's Service carries only DNS, so
 * a PodMonitor scrapes the pods.
 */
export function k8sGatewayMetrics(namespace: string): MetricsEndpoint {
  return { component: COMPONENT, name: RELEASE, namespace, kind: 'PodMonitor', selector: { ...POD_LABELS }, port: 'metrics', path: '/metrics' };
}

/** What internal DNS tells the other components: its version, its metrics endpoint, the fixed address it asks for, and that its Kubernetes range is unchecked. */
export function internalDnsFacts({ block }: BlockContext<InternalDnsBlock>): FactsPart {
  const app = pinOf(block.version)?.appVersion;
  const ip = block.address.ip;
  const addresses: LoadBalancerAddress[] =
    ip === undefined ? [] : [{ ip, owner: `Service ${block.namespace}/${RELEASE} (internal DNS)`, component: COMPONENT, path: [...BLOCK_PATH, 'address', 'ip'] }];
  return {
    versions: app === undefined ? {} : { 'k8s-gateway': app },
    metrics: [k8sGatewayMetrics(block.namespace)],
    loadBalancerAddresses: addresses,
    requirements: [
      kubernetesUnchecked(COMPONENT, `k8s-gateway chart ${block.version}`, 'the project publishes no Kubernetes support matrix and its Chart.yaml at the pinned commit declares no kubeVersion; check the chart before a Kubernetes upgrade', [...BLOCK_PATH, 'version']),
    ],
  };
}
