import { NO_FACTS } from '@strata/core';
import { ComponentChart, layerOf } from '@strata/core/chart';
import { ApiObject, App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import {
  macvlanConfig,
  multusDaemonConfig,
  multusInstallObjects,
  networkAttachmentDefinitionCRD,
  networkAttachmentDefinitions,
} from './multus.ts';

const LABELS = { 'app.kubernetes.io/managed-by': 'strata', 'app.kubernetes.io/part-of': 'cilium-dataplane', 'strata.dev/cluster': 'lab' };
const LAN = { name: 'lan', namespace: 'home', master: 'enp2s0' };
const HOST_LOCAL = { type: 'host-local', subnet: '10.20.0.0/24', rangeStart: '10.20.0.100', rangeEnd: '10.20.0.119', gateway: '10.20.0.1' };

type Json = Record<string, any>;

function install(multus: object): Json[] {
  const { cluster, block } = loadValid({ multus });
  const objs = multusInstallObjects(cluster, block) as unknown as { validate(): void; toJSON(): Json }[];
  for (const o of objs) o.validate();
  return objs.map((o) => o.toJSON());
}

describe('macvlanConfig', () => {
  it('writes the CNI config with keys in a fixed order: macvlan in bridge mode with DHCP by default', () => {
    const { block } = loadValid({ multus: { enabled: true, networks: [LAN] } });
    const [net] = block.multus.networks;
    expect(net && macvlanConfig(net)).toBe('{"cniVersion":"0.3.1","type":"macvlan","master":"enp2s0","mode":"bridge","ipam":{"type":"dhcp"}}');
  });

  it('adds the MTU and a host-local range with its gateway', () => {
    const { block } = loadValid({ multus: { enabled: true, networks: [{ ...LAN, mode: 'vepa', mtu: 1400, ipam: HOST_LOCAL }] } });
    const [net] = block.multus.networks;
    expect(net && macvlanConfig(net)).toBe(
      '{"cniVersion":"0.3.1","type":"macvlan","master":"enp2s0","mode":"vepa","mtu":1400,' +
        '"ipam":{"type":"host-local","ranges":[[{"subnet":"10.20.0.0/24","rangeStart":"10.20.0.100","rangeEnd":"10.20.0.119","gateway":"10.20.0.1"}]]}}',
    );
  });
});

describe('networkAttachmentDefinitions', () => {
  it('renders one k8s.cni.cncf.io/v1 NetworkAttachmentDefinition per network in its namespace', () => {
    const { cluster, block } = loadValid({ multus: { enabled: true, networks: [LAN, { ...LAN, name: 'iot', master: 'enp2s0.20' }] } });
    expect(networkAttachmentDefinitions(cluster, block).map((n) => n.toJSON())).toEqual([
      {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: { name: 'lan', namespace: 'home', labels: LABELS },
        spec: { config: '{"cniVersion":"0.3.1","type":"macvlan","master":"enp2s0","mode":"bridge","ipam":{"type":"dhcp"}}' },
      },
      {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: { name: 'iot', namespace: 'home', labels: LABELS },
        spec: { config: '{"cniVersion":"0.3.1","type":"macvlan","master":"enp2s0.20","mode":"bridge","ipam":{"type":"dhcp"}}' },
      },
    ]);
  });

  it('fits the schema of the CRD it renders: spec.config is the one field, a string', () => {
    const { cluster, block } = loadValid({ multus: { enabled: true, networks: [LAN] } });
    const crd = networkAttachmentDefinitionCRD(cluster);
    crd.validate();
    const version = crd.spec.versions[0];
    const schema = version?.schema?.openAPIV3Schema as Json;
    expect(crd.metadata?.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
    expect([crd.spec.group, version?.name, crd.spec.names.kind, crd.spec.scope]).toEqual(['k8s.cni.cncf.io', 'v1', 'NetworkAttachmentDefinition', 'Namespaced']);
    expect(schema['properties'].spec.properties).toEqual({
      config: { description: 'NetworkAttachmentDefinition config is a JSON-formatted CNI configuration', type: 'string' },
    });
    const [nad] = networkAttachmentDefinitions(cluster, block);
    expect(Object.keys(nad?.toJSON().spec ?? {})).toEqual(['config']);
  });

  it('renders nothing while Multus is off', () => {
    const { cluster, block } = loadValid({});
    expect(networkAttachmentDefinitions(cluster, block)).toEqual([]);
    expect(multusInstallObjects(cluster, block)).toEqual([]);
  });
});

describe('multusInstallObjects', () => {
  it('renders the thick plugin: ServiceAccount, RBAC, daemon config and the privileged host-network DaemonSet pinned by digest', () => {
    const objs = install({ enabled: true, networks: [{ ...LAN, ipam: HOST_LOCAL }] });
    expect(objs.map((o) => `${o['kind']} ${o['metadata'].namespace ?? '-'}/${o['metadata'].name}`)).toEqual([
      'ServiceAccount kube-system/multus',
      'ClusterRole -/multus',
      'ClusterRoleBinding -/multus',
      'ConfigMap kube-system/multus-daemon-config',
      'DaemonSet kube-system/kube-multus-ds',
    ]);
    const ds = objs[4] as Json;
    const pod = ds['spec'].template.spec;
    expect(ds['spec'].selector).toEqual({ matchLabels: { name: 'multus' } });
    expect([pod.hostNetwork, pod.hostPID, pod.serviceAccountName, pod.priorityClassName]).toEqual([true, true, 'multus', 'system-node-critical']);
    const image = 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.4-thick@sha256:3c20900b5381fac7f9cbbdfac8370ea10a2f6ed7fbecc678384a9db57047abb1';
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.image).toBe(image);
      expect(c.securityContext).toEqual({ privileged: true });
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
    }
    expect(pod.containers[0].command).toEqual(['/usr/src/multus-cni/bin/multus-daemon']);
    expect(pod.initContainers[0].command).toEqual(['cp', '/usr/src/multus-cni/bin/multus-shim', '/host/opt/cni/bin/multus-shim']);
    expect(pod.volumes.find((v: Json) => v['name'] === 'cnibin')).toEqual({ name: 'cnibin', hostPath: { path: '/opt/cni/bin' } });
    const mounted = new Set(pod.volumes.map((v: Json) => v['name']));
    for (const c of [...pod.initContainers, ...pod.containers]) for (const m of c.volumeMounts) expect(mounted.has(m.name)).toBe(true);
  });

  it('writes the daemon config as stable JSON and installs into the chosen CNI bin folder', () => {
    const { block } = loadValid({ multus: { enabled: true, cniBinDir: '/usr/libexec/cni' } });
    expect(JSON.parse(multusDaemonConfig(block))).toEqual({
      chrootDir: '/hostroot',
      cniVersion: '0.3.1',
      logLevel: 'error',
      logToStderr: true,
      binDir: '/usr/libexec/cni',
      cniConfigDir: '/host/etc/cni/net.d',
      multusAutoconfigDir: '/host/etc/cni/net.d',
      multusConfigFile: 'auto',
      socketDir: '/host/run/multus/',
    });
    const objs = install({ enabled: true, cniBinDir: '/usr/libexec/cni' });
    expect(objs[3]?.['data']['daemon-config.json']).toBe(multusDaemonConfig(block));
    expect(objs[4]?.['spec'].template.spec.volumes.find((v: Json) => v['name'] === 'cnibin').hostPath.path).toBe('/usr/libexec/cni');
  });

  it('adds the CNI DHCP daemon, running the host dhcp binary after clearing a stale socket, only when a network uses DHCP', () => {
    const objs = install({ enabled: true, networks: [LAN] });
    const dhcp = objs[5] as Json;
    expect(`${dhcp['kind']} ${dhcp['metadata'].namespace}/${dhcp['metadata'].name}`).toBe('DaemonSet kube-system/multus-dhcp');
    const pod = dhcp['spec'].template.spec;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].image).toBe('docker.io/library/busybox:1.37.0');
    expect(pod.containers[0].command).toEqual(['sh', '-c', 'rm -f /run/cni/dhcp.sock && exec /host/opt/cni/bin/dhcp daemon']);
    expect(pod.containers[0].resources.requests).toEqual({ cpu: '10m', memory: '16Mi' });
    expect(pod.volumes).toEqual([
      { name: 'cnibin', hostPath: { path: '/opt/cni/bin' } },
      { name: 'socket', hostPath: { path: '/run/cni' } },
      { name: 'netns', hostPath: { path: '/run/netns' } },
    ]);
    expect(install({ enabled: true, networks: [{ ...LAN, ipam: HOST_LOCAL }] }).map((o) => o['metadata'].name)).not.toContain('multus-dhcp');
  });
});

describe('Multus in the component', () => {
  it('puts the CRD in crds, the daemon in controllers (health-checked), the networks in config, and declares their namespaces', () => {
    const { cluster, block } = loadValid({ multus: { enabled: true, networks: [LAN] } });
    const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'cilium-dataplane');
    component.render(chart, { cluster, block, facts: NO_FACTS });
    const placed = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind} ${o.name}`);
    expect(placed).toEqual([
      'crds CustomResourceDefinition network-attachment-definitions.k8s.cni.cncf.io',
      'controllers ServiceAccount multus',
      'controllers ClusterRole multus',
      'controllers ClusterRoleBinding multus',
      'controllers ConfigMap multus-daemon-config',
      'controllers DaemonSet kube-multus-ds',
      'controllers DaemonSet multus-dhcp',
      'config NetworkAttachmentDefinition lan',
    ]);
    expect(chart.healthChecks('controllers').map((r) => `${r.kind} ${r.namespace}/${r.name}`)).toEqual([
      'DaemonSet kube-system/cilium',
      'Deployment kube-system/cilium-operator',
      'DaemonSet kube-system/kube-multus-ds',
      'DaemonSet kube-system/multus-dhcp',
    ]);
    expect(component.facts?.({ cluster, block }).namespaces).toEqual(['home']);
  });
});
