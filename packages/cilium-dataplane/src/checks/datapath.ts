import type { Cluster, Facts, SpecIssue } from '@strata/core';
import { podRouteMTU } from '../mtu.ts';
import type { CiliumBlock } from '../schema.ts';
import { C, type Path } from './common.ts';

/** Settings that need kube-proxy replacement or native routing. */
export function checkDatapath(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const kpr = block.kubeProxyReplacement;
  if (kpr && cluster.spec.kubernetes.apiServer === undefined) {
    issues.push({
      path: [...C, 'kubeProxyReplacement'],
      message: 'needs spec.kubernetes.apiServer: without kube-proxy, Cilium reaches the API server at that address (k8sServiceHost/k8sServicePort)',
      hint: 'set spec.kubernetes.apiServer.host (a VIP or a control-plane address), or set kubeProxyReplacement: false',
    });
  }
  const needKpr: [Path, boolean, string][] = [
    [[...C, 'bpfMasquerade'], block.bpfMasquerade, 'BPF masquerading'],
    [[...C, 'loadBalancer', 'mode'], block.loadBalancer.mode !== 'snat', `loadBalancer.mode ${block.loadBalancer.mode}`],
    [[...C, 'gatewayAPI', 'enabled'], block.gatewayAPI.enabled, 'Gateway API'],
  ];
  for (const [path, on, what] of needKpr) {
    if (on && !kpr) issues.push({ path, message: `${what} needs kubeProxyReplacement: true` });
  }
  const { mode, tunnelProtocol, autoDirectNodeRoutes } = block.routing;
  const lb = block.loadBalancer;
  if (lb.mode !== 'snat' && mode === 'tunnel') {
    if (lb.dsrDispatch === 'opt') {
      issues.push({
        path: [...C, 'loadBalancer', 'mode'],
        message: `${lb.mode} with dsrDispatch opt needs routing.mode native; tunnel mode cannot carry the DSR IP option`,
        hint: 'set spec.cilium.routing.mode: native, or dsrDispatch: geneve with tunnelProtocol: geneve',
      });
    } else if (lb.dsrDispatch === 'geneve' && tunnelProtocol !== 'geneve') {
      issues.push({
        path: [...C, 'loadBalancer', 'dsrDispatch'],
        message: 'geneve dispatch in tunnel mode needs routing.tunnelProtocol geneve, not vxlan',
      });
    }
  }
  if (autoDirectNodeRoutes && mode === 'tunnel') {
    issues.push({ path: [...C, 'routing', 'autoDirectNodeRoutes'], message: 'needs routing.mode native; Cilium refuses direct node routes with tunneling' });
  }
  if (block.encryption.nodeEncryption && !block.encryption.wireguard) {
    issues.push({ path: [...C, 'encryption', 'nodeEncryption'], message: 'needs encryption.wireguard: true (node encryption is WireGuard only)' });
  }
  if (block.podMTU !== undefined) {
    const pod = podRouteMTU(cluster, block);
    if (block.podMTU > pod.mtu) {
      issues.push({
        path: [...C, 'podMTU'],
        message: `${block.podMTU} exceeds the pod route MTU ${pod.mtu} (${pod.explanation})`,
        hint: `lower podMTU to ${pod.mtu} or raise spec.network.mtu`,
      });
    }
  }
}

/** Hubble, metrics and operator replicas. */
export function checkOperations(cluster: Cluster, block: CiliumBlock, facts: Facts, issues: SpecIssue[]): void {
  const h = block.hubble;
  if (h.ui && !h.relay) issues.push({ path: [...C, 'hubble', 'ui'], message: 'Hubble UI needs hubble.relay: true' });
  if ((h.relay || h.ui || h.metrics.length > 0) && !h.enabled) {
    issues.push({ path: [...C, 'hubble', 'enabled'], message: 'relay, UI and metrics need hubble.enabled: true' });
  }
  if (block.prometheus.serviceMonitors && !block.prometheus.enabled) {
    issues.push({ path: [...C, 'prometheus', 'serviceMonitors'], message: 'ServiceMonitors need prometheus.enabled: true' });
  }
  // The chart is told to trust that the CRDs exist (trustCRDsExist), so without them the Helm install fails on the ServiceMonitors.
  if (block.prometheus.serviceMonitors && facts.versions['prometheus-operator'] === undefined) {
    issues.push({
      path: [...C, 'prometheus', 'serviceMonitors'],
      message: 'ServiceMonitors need the Prometheus operator CRDs (monitoring.coreos.com), which no enabled component installs; the chart renders them anyway (trustCRDsExist) and its install fails',
      hint: 'enable spec.observability (kube-prometheus-stack), or set serviceMonitors: false',
    });
  }
  const nodes = cluster.spec.network.nodes.length;
  if (block.operatorReplicas > nodes) {
    issues.push({
      path: [...C, 'operatorReplicas'],
      message: `${block.operatorReplicas} replicas on ${nodes} node${nodes === 1 ? '' : 's'}: the operator's required anti-affinity leaves ${block.operatorReplicas - nodes} Pending`,
      hint: `set operatorReplicas to at most ${nodes}`,
    });
  }
}
