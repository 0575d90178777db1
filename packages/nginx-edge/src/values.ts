import { type AddressPool, type Cluster, PREFER_CLOSE } from '@strata/core';
import { candidatePools, classNames, placement, securityDefaults, serviceLabels } from './classes.ts';
import { prefersClose } from './locality.ts';
import type { EdgeBlock, EdgeClass } from './schema.ts';

/** Annotation LB-IPAM reads for a fixed address when the facts name none (Cilium's). */
const DEFAULT_IPS_ANNOTATION = 'lbipam.cilium.io/ips';

type StringMap = Record<string, string>;

interface TopologySpread {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector: { matchLabels: StringMap };
}

/**
 * The subset of the ingress-nginx 4.13 chart values strata sets (keys as in
 * the chart's values.yaml; reference/ingress-nginx.md §3). Absent keys keep the chart default.
 */
export interface IngressNginxValues {
  fullnameOverride: string;
  controller: {
    kind: 'Deployment' | 'DaemonSet';
    replicaCount?: number;
    /** Renders the chart's PodDisruptionBudget (replicas > 1 only). */
    minAvailable?: number;
    topologySpreadConstraints?: TopologySpread[];
    nodeSelector: StringMap;
    /** Extra labels of the controller pods (`strata.dev/canary-of` on a canary class). */
    podLabels?: StringMap;
    electionID: string;
    ingressClass: string;
    ingressClassResource: { name: string; enabled: true; default: boolean; controllerValue: string };
    allowSnippetAnnotations: boolean;
    /** `--enable-annotation-validation` (a flag, not a ConfigMap key). */
    enableAnnotationValidations: true;
    /** ConfigMap keys; every value a string. */
    config: StringMap;
    addHeaders?: StringMap;
    proxySetHeaders?: StringMap;
    extraArgs: StringMap;
    terminationGracePeriodSeconds: number;
    lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } };
    extraVolumes?: { name: string; emptyDir: { sizeLimit: string } }[];
    extraVolumeMounts?: { name: string; mountPath: string }[];
    service: {
      type: 'LoadBalancer';
      externalTrafficPolicy: 'Local';
      /**
       * The Service's `spec.trafficDistribution` (chart template), set to PreferClose
       * when the nodes span two zones or more. In the chart from 4.13.0
       * (kubernetes/ingress-nginx PR #12571, commit 506ded7, merged December 2024;
       * not in 4.12.2, issue #13353; backported to 4.12.8): see
       * TRAFFIC_DISTRIBUTION_MIN_CHART in pins.ts, which every selectable chart meets.
       */
      trafficDistribution?: typeof PREFER_CLOSE;
      annotations?: StringMap;
      labels?: StringMap;
      enableHttp: true;
      enableHttps: true;
      ports: { http: 80; https: 443 };
    };
    metrics: { enabled: true; serviceMonitor: { enabled: false } };
    admissionWebhooks: { enabled: true };
  };
}

/** Pod label naming the stable class of a canary class. */
export const CANARY_LABEL = 'strata.dev/canary-of';

/** Selector labels of the chart's controller pods and Services. */
export function controllerSelector(cls: EdgeClass): StringMap {
  return { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': classNames(cls).release, 'app.kubernetes.io/component': 'controller' };
}

/** `1g` → `2Gi`: the emptyDir limit is twice NGINX's soft `max_size`, which the cache manager may overshoot before it trims. */
export function cacheVolumeLimit(size: string): string {
  const n = Number(size.slice(0, -1)) * 2;
  const unit = { k: 'Ki', m: 'Mi', g: 'Gi' }[size.slice(-1) as 'k' | 'm' | 'g'];
  return `${n}${unit}`;
}

/** Spread across nodes (required) and zones (preferred) on multi-node clusters. */
export function spread(cluster: Cluster, selector: StringMap): TopologySpread[] {
  const out: TopologySpread[] = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { ...selector } } }];
  const zones = new Set(cluster.spec.network.nodes.map((n) => n.zone).filter((z) => z !== undefined));
  if (zones.size > 1) {
    out.push({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...selector } } });
  }
  return out;
}

/** ConfigMap keys of one class (reference §4): keepalive, shutdown, client IP, HSTS, hardening, cache zone. */
export function controllerConfig(cls: EdgeClass): StringMap {
  const k = cls.keepalive;
  const { hsts, security } = securityDefaults(cls);
  const ip = cls.clientIp;
  const config: StringMap = {
    // Kept on deliberately (IngressNightmare, reference §7); snippets raise only the risk level, never this
    // or annotation validation (`controller.enableAnnotationValidations`, a CLI flag).
    'strict-validate-path-type': 'true',
    'annotations-risk-level': cls.snippets?.allow === true ? 'Critical' : 'High',
    'keep-alive': String(k.timeoutSeconds),
    'keep-alive-requests': String(k.requests),
    'upstream-keepalive-connections': String(k.upstreamConnections),
    'upstream-keepalive-timeout': String(k.upstreamTimeoutSeconds),
    'upstream-keepalive-requests': String(k.upstreamRequests),
    'worker-shutdown-timeout': `${cls.shutdown.workerShutdownTimeoutSeconds}s`,
    // X-Forwarded-* from clients are believed only behind a trusted L7 proxy; with `Local` the source address is the client's.
    'use-forwarded-headers': String(ip.l7Proxy),
    hsts: String(hsts),
  };
  if (ip.trustedProxies.length > 0) {
    config['enable-real-ip'] = 'true';
    config['proxy-real-ip-cidr'] = ip.trustedProxies.join(',');
    config['forwarded-for-header'] = ip.header;
  }
  if (hsts) {
    const h = cls.headers.hsts;
    config['hsts-max-age'] = String(h?.maxAgeSeconds ?? 31536000);
    config['hsts-include-subdomains'] = String(h?.includeSubdomains ?? true);
    config['hsts-preload'] = String(h?.preload ?? false);
  }
  if (security) {
    config['server-tokens'] = 'false';
    config['hide-headers'] = 'X-Powered-By';
  }
  if (cls.cache !== undefined) {
    const c = cls.cache;
    // A ConfigMap snippet: honoured without snippet annotations (reference §4).
    config['http-snippet'] =
      `proxy_cache_path ${c.path} levels=1:2 keys_zone=${c.keysZone.name}:${c.keysZone.size} max_size=${c.size} inactive=${c.inactive} use_temp_path=off;\n`;
  }
  return config;
}

/** Response headers: security defaults, then the spec's (which win). */
function responseHeaders(cls: EdgeClass): StringMap {
  const base: StringMap = securityDefaults(cls).security
    ? { 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' }
    : {};
  return { ...base, ...cls.headers.response };
}

/** Helm values of one ingress-nginx class. */
export function ingressNginxValues(cluster: Cluster, block: EdgeBlock, cls: EdgeClass, pools: readonly AddressPool[]): IngressNginxValues {
  const names = classNames(cls);
  const place = placement(cluster, cls, block.namespace, pools);
  const selector = controllerSelector(cls);
  const multiNode = cluster.spec.network.nodes.length > 1;
  const ipsAnnotation = candidatePools(cls, block.namespace, pools)[0]?.ipsAnnotation ?? DEFAULT_IPS_ANNOTATION;
  const labels = serviceLabels(cls, block.namespace, pools);
  const add = responseHeaders(cls);
  const proxy = cls.headers.request ?? {};
  const c = cls.cache;
  return {
    fullnameOverride: names.release,
    controller: {
      kind: place.kind,
      ...(place.replicas === undefined ? {} : { replicaCount: place.replicas }),
      // The chart renders its PodDisruptionBudget only for more than one replica; drains skip DaemonSet pods anyway.
      ...(place.replicas !== undefined && place.replicas > 1 ? { minAvailable: 1 } : {}),
      ...(place.kind === 'Deployment' && multiNode ? { topologySpreadConstraints: spread(cluster, selector) } : {}),
      nodeSelector: { 'kubernetes.io/os': 'linux', ...place.nodeSelector },
      // A canary is an ordinary release of its own; the label lets dashboards and alerts split it from the stable class.
      ...(cls.canaryOf === undefined ? {} : { podLabels: { [CANARY_LABEL]: cls.canaryOf } }),
      electionID: names.electionID,
      ingressClass: cls.name,
      ingressClassResource: { name: cls.name, enabled: true, default: cls.default, controllerValue: names.controllerValue },
      allowSnippetAnnotations: cls.snippets?.allow === true,
      enableAnnotationValidations: true,
      config: controllerConfig(cls),
      ...(Object.keys(add).length === 0 ? {} : { addHeaders: add }),
      ...(Object.keys(proxy).length === 0 ? {} : { proxySetHeaders: { ...proxy } }),
      extraArgs: { 'shutdown-grace-period': String(cls.shutdown.gracePeriodSeconds) },
      terminationGracePeriodSeconds: cls.shutdown.terminationGracePeriodSeconds,
      lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
      ...(c === undefined
        ? {}
        : {
            extraVolumes: [{ name: 'cache', emptyDir: { sizeLimit: cacheVolumeLimit(c.size) } }],
            extraVolumeMounts: [{ name: 'cache', mountPath: c.path }],
          }),
      service: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        // External clients stay on the node they reach (Local); PreferClose keeps in-cluster clients in their zone.
        ...(prefersClose(cluster, cls) ? { trafficDistribution: PREFER_CLOSE } : {}),
        ...(cls.address.ip === undefined ? {} : { annotations: { [ipsAnnotation]: cls.address.ip } }),
        ...(Object.keys(labels).length === 0 ? {} : { labels }),
        enableHttp: true,
        enableHttps: true,
        ports: { http: 80, https: 443 },
      },
      // observability makes the ServiceMonitor from the metrics fact; the chart's own stays off.
      metrics: { enabled: true, serviceMonitor: { enabled: false } },
      admissionWebhooks: { enabled: true },
    },
  };
}

/**
 * The subset of the NGINX Gateway Fabric 2.x chart values strata sets.
 * `nginx.service` becomes the NginxProxy's `spec.kubernetes.service`, which has
 * no trafficDistribution field: the data-plane Service never prefers close
 * endpoints (locality.ts).
 */
export interface NgfValues {
  fullnameOverride: string;
  nginxGateway: { gatewayClassName: string; gatewayControllerName: string; replicas: number; metrics: { enable: true } };
  nginx: {
    kind: 'deployment' | 'daemonSet';
    replicas?: number;
    pod?: { nodeSelector: StringMap };
    service: { type: 'LoadBalancer'; externalTrafficPolicy: 'Local' };
  };
}

/** Helm values of one NGF class; addresses go on the Gateway's `spec.infrastructure`. */
export function ngfValues(cluster: Cluster, block: EdgeBlock, cls: EdgeClass, pools: readonly AddressPool[]): NgfValues {
  const names = classNames(cls);
  const place = placement(cluster, cls, block.namespace, pools);
  const multiNode = cluster.spec.network.nodes.length > 1;
  return {
    fullnameOverride: names.release,
    nginxGateway: { gatewayClassName: cls.name, gatewayControllerName: names.controllerValue, replicas: multiNode ? 2 : 1, metrics: { enable: true } },
    nginx: {
      kind: place.kind === 'DaemonSet' ? 'daemonSet' : 'deployment',
      ...(place.replicas === undefined ? {} : { replicas: place.replicas }),
      ...(place.nodeSelector === undefined ? {} : { pod: { nodeSelector: { ...place.nodeSelector } } }),
      service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    },
  };
}
