import type { Cluster, ComponentChart, ObjectModel } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { clusterScoped, type NamespacedMeta, namespaced } from './metadata.ts';
import { DHCP_DAEMON_IMAGE, imageRef, MULTUS_IMAGES } from './pins.ts';
import type { CiliumBlock } from './schema.ts';

// The thick plugin as upstream `deployments/multus-daemonset-thick.yml` ships it
// (names, labels, mounts, daemon config), built from typed models.

/** Namespace Multus runs in (a system namespace: it writes CNI config on the host). */
export const MULTUS_NAMESPACE = 'kube-system';
/** The Multus DaemonSet (upstream name). */
export const MULTUS_DAEMONSET = 'kube-multus-ds';
/** The CNI DHCP daemon DaemonSet, rendered when a network uses DHCP IPAM. */
export const DHCP_DAEMONSET = 'multus-dhcp';
/** Name of the ServiceAccount, ClusterRole and ClusterRoleBinding (upstream name). */
const MULTUS = 'multus';
const DAEMON_CONFIG = 'multus-daemon-config';
/** Upstream pod labels; `name` is the selector, so `kubectl -l app=multus` keeps working. */
const POD_LABELS = { app: 'multus', name: 'multus', tier: 'node' };
const DHCP_LABELS = { app: 'multus-dhcp', name: 'multus-dhcp', tier: 'node' };

/** The CNI spec version of the daemon config and of every NetworkAttachmentDefinition config. */
export const CNI_VERSION = '0.3.1';

/** API group and version of NetworkAttachmentDefinition. */
export const NAD_API_VERSION = 'k8s.cni.cncf.io/v1';

type Network = CiliumBlock['multus']['networks'][number];

/**
 * The NetworkAttachmentDefinition CRD with the openAPIV3Schema of upstream
 * multus-daemonset-thick.yml (spec.config is the CNI config as a JSON string).
 */
export function networkAttachmentDefinitionCRD(cluster: Cluster): CustomResourceDefinition {
  return new CustomResourceDefinition({
    metadata: clusterScoped(cluster.metadata.name, 'network-attachment-definitions.k8s.cni.cncf.io'),
    spec: {
      group: 'k8s.cni.cncf.io',
      scope: 'Namespaced',
      names: {
        plural: 'network-attachment-definitions',
        singular: 'network-attachment-definition',
        kind: 'NetworkAttachmentDefinition',
        shortNames: ['net-attach-def'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              description:
                'NetworkAttachmentDefinition is a CRD schema specified by the Network Plumbing Working Group to express the intent for attaching pods to one or more logical or physical networks. More information available at: https://github.com/k8snetworkplumbingwg/multi-net-spec',
              type: 'object',
              properties: {
                apiVersion: {
                  description:
                    'APIVersion defines the versioned schema of this represen tation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
                  type: 'string',
                },
                kind: {
                  description:
                    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
                  type: 'string',
                },
                metadata: { type: 'object' },
                spec: {
                  description: 'NetworkAttachmentDefinition spec defines the desired state of a network attachment',
                  type: 'object',
                  properties: {
                    config: { description: 'NetworkAttachmentDefinition config is a JSON-formatted CNI configuration', type: 'string' },
                  },
                },
              },
            },
          },
        },
      ],
    },
  });
}

/** The daemon config (`daemon-config.json`), keys in a fixed order. */
export function multusDaemonConfig(block: CiliumBlock): string {
  const config = {
    chrootDir: '/hostroot',
    cniVersion: CNI_VERSION,
    // Upstream's quick start logs `verbose`; errors are what an operator needs day to day.
    logLevel: 'error',
    logToStderr: true,
    binDir: block.multus.cniBinDir,
    cniConfigDir: '/host/etc/cni/net.d',
    multusAutoconfigDir: '/host/etc/cni/net.d',
    multusConfigFile: 'auto',
    socketDir: '/host/run/multus/',
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Whether some network takes its addresses from DHCP (then the CNI DHCP daemon must run on every node). */
export function needsDhcpDaemon(block: CiliumBlock): boolean {
  return block.multus.networks.some((n) => n.ipam.type === 'dhcp');
}

/** Where the DHCP daemon sees the host's CNI bin folder (apart from the image's own folders). */
const DHCP_BIN_MOUNT = '/host/opt/cni/bin';

/** Run on every node, tainted or not: a node without its CNI daemons has no side networks. */
const TOLERATE_ALL: IToleration[] = [
  { operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists', effect: 'NoExecute' },
];

const hostPath = (name: string, path: string) => ({ name, hostPath: { path } });

/** The Multus DaemonSet: daemon in the host network, shim copied into the CNI bin folder by an init container. */
function multusDaemonSet(cluster: Cluster, block: CiliumBlock): DaemonSet {
  const image = imageRef(MULTUS_IMAGES[block.multus.version]);
  return new DaemonSet({
    metadata: namespaced(cluster.metadata.name, MULTUS_NAMESPACE, MULTUS_DAEMONSET, POD_LABELS),
    spec: {
      selector: { matchLabels: { name: POD_LABELS.name } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: POD_LABELS },
        spec: {
          hostNetwork: true,
          hostPID: true,
          // A CNI daemon must not be evicted: without it no pod on the node gets a network.
          priorityClassName: 'system-node-critical',
          tolerations: TOLERATE_ALL,
          serviceAccountName: MULTUS,
          terminationGracePeriodSeconds: 10,
          initContainers: [
            {
              name: 'install-multus-binary',
              image,
              command: ['cp', '/usr/src/multus-cni/bin/multus-shim', '/host/opt/cni/bin/multus-shim'],
              resources: { requests: { cpu: '10m', memory: '15Mi' } },
              securityContext: { privileged: true },
              volumeMounts: [{ name: 'cnibin', mountPath: '/host/opt/cni/bin', mountPropagation: 'Bidirectional' }],
            },
          ],
          containers: [
            {
              name: 'kube-multus',
              image,
              command: ['/usr/src/multus-cni/bin/multus-daemon'],
              // Upstream requests; the memory limit leaves room for bursts of pod churn (upstream caps at 50Mi).
              resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { memory: '256Mi' } },
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'cni', mountPath: '/host/etc/cni/net.d' },
                { name: 'host-run', mountPath: '/host/run' },
                { name: 'host-var-lib-cni-multus', mountPath: '/var/lib/cni/multus' },
                { name: 'host-var-lib-kubelet', mountPath: '/var/lib/kubelet' },
                { name: 'host-run-k8s-cni-cncf-io', mountPath: '/run/k8s.cni.cncf.io' },
                { name: 'host-run-netns', mountPath: '/run/netns', mountPropagation: 'HostToContainer' },
                { name: DAEMON_CONFIG, mountPath: '/etc/cni/net.d/multus.d', readOnly: true },
                { name: 'hostroot', mountPath: '/hostroot', mountPropagation: 'HostToContainer' },
              ],
            },
          ],
          volumes: [
            hostPath('cni', '/etc/cni/net.d'),
            hostPath('cnibin', block.multus.cniBinDir),
            hostPath('hostroot', '/'),
            { name: DAEMON_CONFIG, configMap: { name: DAEMON_CONFIG, items: [{ key: 'daemon-config.json', path: 'daemon-config.json' }] } },
            hostPath('host-run', '/run'),
            hostPath('host-var-lib-cni-multus', '/var/lib/cni/multus'),
            hostPath('host-var-lib-kubelet', '/var/lib/kubelet'),
            hostPath('host-run-k8s-cni-cncf-io', '/run/k8s.cni.cncf.io'),
            hostPath('host-run-netns', '/run/netns/'),
          ],
        },
      },
    },
  });
}

/**
 * The CNI `dhcp` IPAM plugin only talks to a daemon on the node
 * (`/run/cni/dhcp.sock`) that holds and renews the leases; Multus does not run
 * one. This DaemonSet runs the host's own `dhcp` binary (from the reference
 * CNI plugins, like `macvlan`) in daemon mode, after clearing a socket a
 * previous run left behind (the daemon will not listen on an existing one).
 */
function dhcpDaemonSet(cluster: Cluster, block: CiliumBlock): DaemonSet {
  return new DaemonSet({
    metadata: namespaced(cluster.metadata.name, MULTUS_NAMESPACE, DHCP_DAEMONSET, DHCP_LABELS),
    spec: {
      selector: { matchLabels: { name: DHCP_LABELS.name } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: DHCP_LABELS },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: TOLERATE_ALL,
          terminationGracePeriodSeconds: 10,
          containers: [
            {
              name: 'dhcp-daemon',
              image: imageRef(DHCP_DAEMON_IMAGE),
              command: ['sh', '-c', `rm -f /run/cni/dhcp.sock && exec ${DHCP_BIN_MOUNT}/dhcp daemon`],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
              // Enters pod network namespaces to send DHCP from the pod's interface.
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'cnibin', mountPath: DHCP_BIN_MOUNT, readOnly: true },
                { name: 'socket', mountPath: '/run/cni' },
                { name: 'netns', mountPath: '/var/run/netns', mountPropagation: 'HostToContainer' },
              ],
            },
          ],
          volumes: [hostPath('cnibin', block.multus.cniBinDir), hostPath('socket', '/run/cni'), hostPath('netns', '/run/netns')],
        },
      },
    },
  });
}

/**
 * The objects of layer `controllers`: ServiceAccount, ClusterRole and binding,
 * daemon ConfigMap, the Multus DaemonSet, and the DHCP daemon when a network
 * needs it. Empty when Multus is off.
 */
export function multusInstallObjects(cluster: Cluster, block: CiliumBlock): ObjectModel[] {
  if (!block.multus.enabled) return [];
  const name = cluster.metadata.name;
  const sa = new ServiceAccount({ metadata: namespaced(name, MULTUS_NAMESPACE, MULTUS) });
  const role = new ClusterRole({
    metadata: clusterScoped(name, MULTUS),
    rules: [
      { apiGroups: ['k8s.cni.cncf.io'], resources: ['*'], verbs: ['*'] },
      { apiGroups: [''], resources: ['pods', 'pods/status'], verbs: ['get', 'update'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    ],
  });
  const binding = new ClusterRoleBinding({
    metadata: clusterScoped(name, MULTUS),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: MULTUS },
    subjects: [{ kind: 'ServiceAccount', name: MULTUS, namespace: MULTUS_NAMESPACE }],
  });
  const config = new ConfigMap({
    metadata: namespaced(name, MULTUS_NAMESPACE, DAEMON_CONFIG, { app: 'multus', tier: 'node' }),
    data: { 'daemon-config.json': multusDaemonConfig(block) },
  });
  return [sa, role, binding, config, multusDaemonSet(cluster, block), ...(needsDhcpDaemon(block) ? [dhcpDaemonSet(cluster, block)] : [])];
}

/** The CNI config of a network: macvlan on its master, keys in a fixed order. */
export function macvlanConfig(network: Network): string {
  const { ipam } = network;
  const range = {
    subnet: ipam.subnet,
    rangeStart: ipam.rangeStart,
    rangeEnd: ipam.rangeEnd,
    ...(ipam.gateway === undefined ? {} : { gateway: ipam.gateway }),
  };
  return JSON.stringify({
    cniVersion: CNI_VERSION,
    type: 'macvlan',
    master: network.master,
    mode: network.mode,
    ...(network.mtu === undefined ? {} : { mtu: network.mtu }),
    ipam: ipam.type === 'dhcp' ? { type: 'dhcp' } : { type: 'host-local', ranges: [[range]] },
  });
}

/** The body of a NetworkAttachmentDefinition. */
export interface NetworkAttachmentDefinitionData {
  readonly metadata: NamespacedMeta;
  readonly spec: { readonly config: string };
}

/**
 * A NetworkAttachmentDefinition (k8s.cni.cncf.io/v1). There is no
 * kubernetes-models class for it; the CRD rendered in layer `crds` is its schema.
 */
export class NetworkAttachmentDefinition implements ObjectModel {
  readonly apiVersion = NAD_API_VERSION;
  readonly kind = 'NetworkAttachmentDefinition';
  readonly metadata: NamespacedMeta;
  readonly spec: { readonly config: string };

  constructor(data: NetworkAttachmentDefinitionData) {
    this.metadata = data.metadata;
    this.spec = data.spec;
  }

  toJSON(): { apiVersion: string; kind: string; metadata: NamespacedMeta; spec: { config: string } } {
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata, spec: { config: this.spec.config } };
  }
}

/** One NetworkAttachmentDefinition per `multus.networks` entry (layer `config`); none when Multus is off. */
export function networkAttachmentDefinitions(cluster: Cluster, block: CiliumBlock): NetworkAttachmentDefinition[] {
  if (!block.multus.enabled) return [];
  return block.multus.networks.map(
    (n) => new NetworkAttachmentDefinition({ metadata: namespaced(cluster.metadata.name, n.namespace, n.name), spec: { config: macvlanConfig(n) } }),
  );
}

/**
 * Renders the Multus install: the CRD in `crds`, the daemon in `controllers`,
 * health-checked so the NetworkAttachmentDefinitions in `config` (see
 * render.ts `configObjects`) wait for it.
 */
export function renderMultusInstall(chart: ComponentChart, cluster: Cluster, block: CiliumBlock): void {
  if (!block.multus.enabled) return;
  addObject(chart.layer('crds'), networkAttachmentDefinitionCRD(cluster));
  for (const obj of multusInstallObjects(cluster, block)) addObject(chart.layer('controllers'), obj);
  chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: MULTUS_DAEMONSET, namespace: MULTUS_NAMESPACE });
  if (needsDhcpDaemon(block)) {
    chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: DHCP_DAEMONSET, namespace: MULTUS_NAMESPACE });
  }
}
