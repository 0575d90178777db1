import type { Cluster } from '@strata/core';
import { createHash } from 'node:crypto';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { namespaced } from './metadata.ts';
import { CLOUDFLARED_IMAGES, imageRef } from './pins.ts';
import type { EdgeBlock, EdgeClass } from './schema.ts';
import { TUNNEL_CONFIG_DIR, TUNNEL_METRICS_PORT, tunnelConfig, tunnelName, tunnelReplicas, tunnelSelector } from './tunnel.ts';
import { spread } from './values.ts';

/**
 * The objects of a class' tunnel: the config ConfigMap, the cloudflared
 * Deployment (the credentials Secret mounted by name only; a checksum of the
 * config on the pod template, since cloudflared does not reload its file),
 * and a PodDisruptionBudget when it has more than one replica.
 */
export function tunnelObjects(cluster: Cluster, block: EdgeBlock, cls: EdgeClass): (ConfigMap | Deployment | PodDisruptionBudget)[] {
  const tunnel = cls.tunnel;
  if (tunnel === undefined) return [];
  const c = cluster.metadata.name;
  const ns = block.namespace;
  const name = tunnelName(cls);
  const selector = tunnelSelector(cls);
  const config = tunnelConfig(block, cls, tunnel);
  const replicas = tunnelReplicas(cluster, tunnel);
  const multiNode = cluster.spec.network.nodes.length > 1;
  const configMap = new ConfigMap({ metadata: namespaced(c, ns, name, selector), data: { 'config.yaml': config } });
  const deployment = new Deployment({
    metadata: namespaced(c, ns, name, selector),
    spec: {
      replicas,
      selector: { matchLabels: { ...selector } },
      template: {
        metadata: { labels: { ...selector }, annotations: { 'strata.dev/config-sha256': createHash('sha256').update(config).digest('hex') } },
        spec: {
          ...(multiNode ? { topologySpreadConstraints: spread(cluster, selector) } : {}),
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          // The image runs as the distroless `nonroot` user; fsGroup lets it read the 0440 credentials file.
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'cloudflared',
              image: imageRef(CLOUDFLARED_IMAGES[tunnel.version]),
              args: ['tunnel', '--config', `${TUNNEL_CONFIG_DIR}/config.yaml`, 'run'],
              ports: [{ name: 'metrics', containerPort: TUNNEL_METRICS_PORT, protocol: 'TCP' }],
              // `/ready` answers 200 only while the connector holds a connection to Cloudflare's edge.
              readinessProbe: { httpGet: { path: '/ready', port: 'metrics' }, periodSeconds: 10, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/ready', port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 6 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'config', mountPath: TUNNEL_CONFIG_DIR, readOnly: true },
                { name: 'creds', mountPath: '/etc/cloudflared/creds', readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name, items: [{ key: 'config.yaml', path: 'config.yaml' }] } },
            { name: 'creds', secret: { secretName: tunnel.credentialsSecret, defaultMode: 0o440, items: [{ key: tunnel.credentialsKey, path: 'credentials.json' }] } },
          ],
        },
      },
    },
  });
  const out: (ConfigMap | Deployment | PodDisruptionBudget)[] = [configMap, deployment];
  if (replicas > 1) {
    out.push(new PodDisruptionBudget({ metadata: namespaced(c, ns, name, selector), spec: { minAvailable: 1, selector: { matchLabels: { ...selector } } } }));
  }
  return out;
}
