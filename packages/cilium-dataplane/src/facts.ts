import { type AddressPool, type BlockContext, type FactsPart, type HttpEntrypoint, kubernetesSupportRows, type MetricsEndpoint, type Requirement, type TlsHost } from '@strata/core';
import { LBIPAM_IPS } from './lb-ipam.ts';
import { localityRequirements } from './locality.ts';
import { ciliumKubernetesSupport, GATEWAY_API } from './pins.ts';
import { configNamespaces } from './namespaces.ts';
import type { CiliumBlock } from './schema.ts';

const COMPONENT = 'cilium-dataplane';

/**
 * What Cilium tells the other components: the host names its Gateways
 * terminate TLS for (cert-manager issues them), the Gateways' plain-HTTP
 * listeners on port 80 (ACME HTTP-01 through Gateway HTTPRoutes), its
 * LoadBalancer address pools and how they are announced, the namespaces its
 * objects live in, and the
 * Cilium and Gateway API versions it installs.
 */
export function ciliumFacts({ cluster, block }: BlockContext<CiliumBlock>): FactsPart {
  const tlsHosts: TlsHost[] = [];
  const httpEntrypoints: HttpEntrypoint[] = [];
  block.gateways.forEach((gw, g) => {
    let http80: string | undefined;
    gw.listeners.forEach((l, i) => {
      const path = ['spec', 'cilium', 'gateways', g, 'listeners', i];
      if (l.protocol === 'HTTP' && l.port === 80 && http80 === undefined) http80 = l.name;
      const mode = l.tls?.mode ?? (l.protocol === 'HTTPS' ? 'Terminate' : 'Passthrough');
      if (l.protocol === 'HTTP' || mode !== 'Terminate' || l.hostname === undefined || l.tls?.certificateSecret === undefined) return;
      tlsHosts.push({
        host: l.hostname,
        secretName: l.tls.certificateSecret,
        namespace: gw.namespace,
        server: { kind: 'gateway', gateway: gw.name, namespace: gw.namespace, listener: l.name },
        component: COMPONENT,
        path: [...path, 'hostname'],
      });
    });
    httpEntrypoints.push({
      kind: 'gateway',
      name: gw.name,
      namespace: gw.namespace,
      ...(http80 === undefined ? {} : { http80Listener: http80 }),
      // The Gateway admits routes only from the namespaces of the spec's own routes (see gateway-api.ts).
      allowsAllNamespaces: false,
      component: COMPONENT,
      path: ['spec', 'cilium', 'gateways', g],
    });
  });
  const announcement = block.bgp.enabled ? 'bgp' : block.l2Announcements.enabled ? 'l2' : 'none';
  // BGP: every node with a local backend advertises, so only L2 narrows who answers.
  // Nodes in maintenance are left out by a hostname expression (drain.ts), which matchLabels cannot say; explain() names them.
  const announcers = announcement === 'l2' ? block.l2Announcements.nodeSelector?.matchLabels : undefined;
  const addressPools: AddressPool[] = block.loadBalancer.pools.map((pool, i) => ({
    name: pool.name,
    blocks: pool.blocks.map((b) => (typeof b === 'string' ? b : `${b.start}-${b.stop}`)),
    ...(pool.serviceSelector === undefined ? {} : { serviceSelector: { ...pool.serviceSelector.matchLabels } }),
    announcement,
    ...(announcers === undefined ? {} : { nodeSelector: { ...announcers } }),
    ipsAnnotation: LBIPAM_IPS,
    component: COMPONENT,
    path: ['spec', 'cilium', 'loadBalancer', 'pools', i],
  }));
  return {
    dataplane: {
      component: COMPONENT,
      kubeProxyReplacement: block.kubeProxyReplacement,
      routing: block.routing.mode,
      tunnelProtocol: block.routing.tunnelProtocol,
      loadBalancerMode: block.loadBalancer.mode,
      dsrDispatch: block.loadBalancer.dsrDispatch,
      wireguard: block.encryption.wireguard,
      bgp: block.bgp.enabled,
      ...(block.l2Announcements.enabled ? { l2LeaseDuration: block.l2Announcements.leaseDuration } : {}),
      hubble: { enabled: block.hubble.enabled, relay: block.hubble.relay, ui: block.hubble.ui, metrics: [...block.hubble.metrics] },
      prometheus: block.prometheus.enabled,
      devices: [...(block.devices ?? [])],
    },
    // Fixed addresses of the fast-path Services, so no other component asks for one of them.
    loadBalancerAddresses: block.services.flatMap((svc, i) =>
      svc.ip === undefined ? [] : [{ ip: svc.ip, owner: `Service ${svc.namespace}/${svc.name}`, component: COMPONENT, path: ['spec', 'cilium', 'services', i, 'ip'] }],
    ),
    metrics: ciliumMetrics(block),
    // The chart's Hubble UI Service (templates/hubble-ui/service.yaml: port 80 → 8081), which an Ingress may expose.
    services:
      block.hubble.enabled && block.hubble.ui
        ? [{ namespace: 'kube-system', name: 'hubble-ui', ports: [{ port: 80, name: 'http' }], component: COMPONENT, source: `chart cilium (${COMPONENT})` }]
        : [],
    addressPools,
    defaultDeny: block.defaultDeny.enabled ? [{ component: COMPONENT, exemptNamespaces: [...block.defaultDeny.exemptNamespaces] }] : [],
    namespaces: configNamespaces(block),
    requirements: [...supportRows(block), ...localityRequirements(cluster, block)],
    tlsHosts,
    httpEntrypoints,
    versions: {
      cilium: block.version,
      ...(block.gatewayAPI.enabled ? { 'gateway-api': GATEWAY_API.tag.replace(/^v/, '') } : {}),
    },
  };
}

/** Cilium's published Kubernetes range for the chosen line; a version outside every known line has no row (the schema only offers known ones). */
function supportRows(block: CiliumBlock): Requirement[] {
  const support = ciliumKubernetesSupport(block.version);
  return support === undefined ? [] : kubernetesSupportRows(COMPONENT, `Cilium ${block.version}`, support, ['spec', 'cilium', 'version']);
}

/**
 * The agent's, operator's and Hubble's metrics ports, as PodMonitors (the
 * chart makes a metrics Service only together with its own ServiceMonitors;
 * with `prometheus.serviceMonitors` on, those are used and nothing is declared).
 * Container port names from the chart: agent and operator `prometheus`
 * (9962/9963), Hubble `hubble-metrics` (9965).
 */
export function ciliumMetrics(block: CiliumBlock): MetricsEndpoint[] {
  if (block.prometheus.serviceMonitors) return [];
  const monitor = (name: string, selector: Record<string, string>, port: string): MetricsEndpoint => ({
    component: COMPONENT,
    name,
    namespace: 'kube-system',
    kind: 'PodMonitor',
    selector,
    port,
    path: '/metrics',
  });
  return [
    ...(block.prometheus.enabled
      ? [monitor('cilium-agent', { 'k8s-app': 'cilium' }, 'prometheus'), monitor('cilium-operator', { 'io.cilium/app': 'operator' }, 'prometheus')]
      : []),
    ...(block.hubble.enabled && block.hubble.metrics.length > 0 ? [monitor('hubble', { 'k8s-app': 'cilium' }, 'hubble-metrics')] : []),
  ];
}
