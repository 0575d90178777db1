import { type BlockContext, type FactsPart, type HttpEntrypoint, kubectlGeneric, kubectlTls, kubernetesSupportRows, kubernetesUnchecked, type MetricsEndpoint, type ProvidedService, type SecretReader, type SecretRequirement, type TlsHost } from '@strata/core';
import { localityRequirements } from './locality.ts';
import { classNames, classOf, compareVersions, controllerVersion, E, secretNameOf } from './classes.ts';
import { COMPONENT } from './metadata.ts';
import { INGRESS_NGINX_KUBERNETES } from './pins.ts';
import type { EdgeBlock } from './schema.ts';
import { tunnelName, tunnelSelector } from './tunnel.ts';
import { controllerSelector } from './values.ts';

/** Namespaces Kubernetes always has; never declared. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * What the edge tells the other components: the hosts it terminates TLS for
 * (cert-manager issues their certificates; no cert-manager.io annotations on
 * the Ingresses, which would make a second Certificate), one plain-HTTP entry
 * point per class (ACME HTTP-01 keeps port 80 open), the controllers' metrics,
 * the tunnels' cloudflared metrics, the app namespaces its Ingresses and
 * routes live in, and the lowest
 * ingress-nginx controller version it runs.
 */
export function edgeFacts({ cluster, block }: BlockContext<EdgeBlock>): FactsPart {
  const tlsHosts: TlsHost[] = [];
  const secrets: SecretRequirement[] = [];
  const namespaces = new Set<string>();
  block.routes.forEach((route, r) => {
    const cls = classOf(block, route);
    if (cls === undefined) return;
    const ngf = cls.flavor === 'nginx-gateway-fabric';
    if (!BUILT_IN_NAMESPACES.has(route.namespace) && route.namespace !== block.namespace) namespaces.add(route.namespace);
    if (route.tls === undefined) return;
    const names = classNames(cls);
    const reader: SecretReader = ngf
      ? { kind: 'Gateway', namespace: block.namespace, name: names.gateway ?? cls.name, field: `spec.listeners[${httpsListener(route.host)}].tls.certificateRefs` }
      : { kind: 'Ingress', namespace: route.namespace, name: route.name, field: 'spec.tls[0].secretName' };
    if (route.tls.existingSecret) {
      const namespace = ngf ? block.namespace : route.namespace;
      secrets.push({
        namespace,
        name: secretNameOf(route),
        keys: ['tls.crt', 'tls.key'],
        type: 'kubernetes.io/tls',
        reader,
        purpose: `certificate chain and key for ${route.host} (tls.existingSecret: no Certificate is requested)`,
        create: kubectlTls(namespace, secretNameOf(route)),
        component: COMPONENT,
        path: [...E, 'routes', r, 'tls', 'existingSecret'],
      });
      return;
    }
    tlsHosts.push({
      reader,
      host: route.host,
      secretName: secretNameOf(route),
      // A Gateway reads its certificates from its own namespace.
      namespace: ngf ? block.namespace : route.namespace,
      ...(route.tls.issuer === undefined ? {} : { issuer: route.tls.issuer }),
      server: ngf
        ? { kind: 'gateway', gateway: names.gateway ?? cls.name, namespace: block.namespace, listener: httpsListener(route.host) }
        : { kind: 'ingress', ingressClass: cls.name },
      component: COMPONENT,
      path: [...E, 'routes', r, 'host'],
    });
  });
  const httpEntrypoints: HttpEntrypoint[] = [];
  const metrics: MetricsEndpoint[] = [];
  let lowest: string | undefined;
  block.classes.forEach((cls, i) => {
    const path = [...E, 'classes', i];
    const names = classNames(cls);
    if (cls.tunnel !== undefined) {
      const { credentialsSecret, credentialsKey } = cls.tunnel;
      secrets.push({
        namespace: block.namespace,
        name: credentialsSecret,
        keys: [credentialsKey],
        reader: { kind: 'Deployment', namespace: block.namespace, name: tunnelName(cls), field: 'spec.template.spec.volumes[creds].secret.secretName' },
        purpose: `Cloudflare tunnel credentials JSON of tunnel ${cls.tunnel.tunnelId} (written by \`cloudflared tunnel create\` as <id>.json)`,
        create: kubectlGeneric(block.namespace, credentialsSecret, [credentialsKey]).replace(`<${credentialsKey}>`, `<${cls.tunnel.tunnelId}.json>`),
        component: COMPONENT,
        path: [...path, 'tunnel', 'credentialsSecret'],
      });
      // cloudflared serves Prometheus metrics on its `metrics` port (config key `metrics`).
      metrics.push({ component: COMPONENT, name: tunnelName(cls), namespace: block.namespace, kind: 'PodMonitor', selector: tunnelSelector(cls), port: 'metrics', path: '/metrics' });
    }
    if (cls.flavor === 'nginx-gateway-fabric') {
      httpEntrypoints.push({
        kind: 'gateway',
        name: names.gateway ?? cls.name,
        namespace: block.namespace,
        http80Listener: 'http',
        allowsAllNamespaces: true,
        component: COMPONENT,
        path,
      });
      metrics.push({
        component: COMPONENT,
        name: names.release,
        namespace: block.namespace,
        kind: 'PodMonitor',
        selector: { 'app.kubernetes.io/name': 'nginx-gateway-fabric', 'app.kubernetes.io/instance': names.release },
        port: 'metrics',
        path: '/metrics',
      });
      return;
    }
    const version = controllerVersion(cls);
    if (lowest === undefined || compareVersions(version, lowest) < 0) lowest = version;
    httpEntrypoints.push({ kind: 'ingress-class', ingressClass: cls.name, port80: true, controllerVersion: version, component: COMPONENT, path });
    metrics.push({
      component: COMPONENT,
      name: names.workload,
      namespace: block.namespace,
      kind: 'ServiceMonitor',
      selector: controllerSelector(cls),
      port: 'metrics',
      path: '/metrics',
    });
  });
  // The controllers' LoadBalancer Services (ingress-nginx: `<fullname>-controller`; NGF: one per Gateway), which tunnels send to.
  const services: ProvidedService[] = block.classes.map((cls) => ({
    namespace: block.namespace,
    name: classNames(cls).service,
    ports: [
      { port: 80, name: 'http' },
      { port: 443, name: 'https' },
    ],
    component: COMPONENT,
    source: `chart of ingress class ${cls.name} (${COMPONENT})`,
  }));
  return {
    tlsHosts,
    secrets,
    httpEntrypoints,
    services,
    // Routes that cache, for cache-hit alerts; an ingress-nginx route's Ingress is named after it.
    cachingIngresses: block.routes.flatMap((route) => (route.cache === undefined ? [] : [{ component: COMPONENT, namespace: route.namespace, name: route.name }])),
    // Fixed addresses of the controllers' LoadBalancer Services, so no other component asks for one of them.
    loadBalancerAddresses: block.classes.flatMap((cls, i) =>
      cls.address.ip === undefined ? [] : [{ ip: cls.address.ip, owner: `ingress class ${cls.name}`, component: COMPONENT, path: [...E, 'classes', i, 'address', 'ip'] }],
    ),
    // Each ingress-nginx line's supported Kubernetes (pins.ts); PreferClose on the controller Services
    // needs an API server that serves trafficDistribution.
    requirements: [
      ...block.classes.flatMap((cls, i) => {
        if (cls.flavor !== 'ingress-nginx') return [];
        const support = INGRESS_NGINX_KUBERNETES[controllerVersion(cls).split('.').slice(0, 2).join('.')];
        const what = `ingress-nginx ${controllerVersion(cls)}`;
        const path = [...E, 'classes', i, 'version'];
        if (support === undefined) return [];
        return 'pending' in support ? [kubernetesUnchecked(COMPONENT, what, support.pending, path)] : kubernetesSupportRows(COMPONENT, what, support, path);
      }),
      ...localityRequirements(cluster, block),
    ],
    metrics,
    namespaces: [...namespaces].sort(),
    versions: lowest === undefined ? {} : { 'ingress-nginx': lowest },
  };
}

/** Name of the HTTPS listener an NGF Gateway has for `host`. */
export function httpsListener(host: string): string {
  const name = `https-${host.replace(/\./g, '-')}`;
  return name.length <= 63 ? name : name.slice(0, 63).replace(/-+$/, '');
}
