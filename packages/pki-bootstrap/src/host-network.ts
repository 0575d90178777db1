import type { Cluster, Dataplane, SpecIssue } from '@strata/core';
import { nixString } from './nix.ts';
import type { PkiBlock } from './schema.ts';

/** Path of the module under `rendered/<cluster>/`. */
export const HOST_NETWORK_FILE = 'nixos/host-network.nix';

/** The parts of the CNI's dataplane (a fact the CNI component declares) the host needs. */
export interface CiliumHost {
  readonly enabled: boolean;
  readonly routingMode: 'native' | 'tunnel';
  readonly tunnelProtocol: 'vxlan' | 'geneve';
  readonly lbMode: string;
  readonly dsrDispatch: string;
  readonly wireguard: boolean;
  readonly bgp: boolean;
  readonly hubble: boolean;
  readonly hubbleMetrics: boolean;
  readonly prometheus: boolean;
  readonly devices: readonly string[];
}

/** The CNI's node-side facts as the host sees them; `enabled: false` without a dataplane fact. */
export function ciliumHost(dataplane: Dataplane | undefined): CiliumHost {
  if (dataplane === undefined) {
    return { enabled: false, routingMode: 'tunnel', tunnelProtocol: 'vxlan', lbMode: 'snat', dsrDispatch: 'opt', wireguard: false, bgp: false, hubble: false, hubbleMetrics: false, prometheus: false, devices: [] };
  }
  return {
    enabled: true,
    routingMode: dataplane.routing,
    tunnelProtocol: dataplane.tunnelProtocol,
    lbMode: dataplane.loadBalancerMode,
    dsrDispatch: dataplane.dsrDispatch,
    wireguard: dataplane.wireguard,
    bgp: dataplane.bgp,
    hubble: dataplane.hubble.enabled,
    hubbleMetrics: dataplane.hubble.enabled && dataplane.hubble.metrics.length > 0,
    prometheus: dataplane.prometheus,
    devices: dataplane.devices,
  };
}

/** A device name with a Cilium glob (`enp+`) or regex character: NixOS cannot set an MTU on it. */
const GLOB = /[+*?[\]^$()|\\]/;

/** One setting with why it is there and where the fact comes from. */
export interface Reasoned<T> {
  readonly value: T;
  readonly why: string;
}

/** What `host-network.nix` sets, derived from the spec. */
export interface HostNetworkPlan {
  readonly cluster: string;
  readonly mtu: number;
  readonly cni: string;
  readonly nodes: readonly { readonly name: string; readonly interfaces: readonly string[]; readonly zone?: string }[];
  readonly sysctl: readonly Reasoned<readonly [string, number]>[];
  readonly kernelModules: readonly Reasoned<string>[];
  readonly tcp: readonly Reasoned<number>[];
  readonly udp: readonly Reasoned<number>[];
  /** `networking.firewall.checkReversePath`; undefined leaves the NixOS default. */
  readonly checkReversePath?: Reasoned<boolean>;
}

/** Interfaces of each node: its `nodeInterfaces` entry, else `interfaces`, else the names among `spec.cilium.devices`. */
function interfacesOf(block: PkiBlock, cil: CiliumHost, node: string): readonly string[] {
  const hn = block.hostNetwork;
  return hn.nodeInterfaces?.[node] ?? hn.interfaces ?? (cil.enabled ? cil.devices.filter((d) => !GLOB.test(d)) : []);
}

/** The host settings for the modes the spec chose. */
export function planHostNetwork(cluster: Cluster, block: PkiBlock, dataplane?: Dataplane): HostNetworkPlan {
  const cil = ciliumHost(dataplane);
  const net = cluster.spec.network;
  const sysctl: Reasoned<readonly [string, number]>[] = [
    { value: ['net.ipv4.ip_forward', 1], why: 'route between pods, nodes and LoadBalancer IPs' },
  ];
  const kernelModules: Reasoned<string>[] = [];
  const tcp: Reasoned<number>[] = [];
  const udp: Reasoned<number>[] = [];
  let checkReversePath: Reasoned<boolean> | undefined;
  if (cil.enabled) {
    sysctl.push(
      { value: ['net.ipv4.conf.all.rp_filter', 0], why: 'Cilium needs reverse-path filtering off on its interfaces; the kernel applies the larger of `all` and the interface value' },
      { value: ['net.ipv4.conf.default.rp_filter', 0], why: 'interfaces created later (lxc*, cilium_*) inherit `default`' },
      { value: ['net.core.bpf_jit_enable', 1], why: 'Cilium\'s datapath is eBPF; JIT instead of the interpreter' },
    );
    if (cil.wireguard) kernelModules.push({ value: 'wireguard', why: 'encryption.wireguard: cilium_wg0 (reference/cilium.md §4)' });
    if (block.hostNetwork.openFirewall) {
      tcp.push({ value: 4240, why: 'cilium-health probes between nodes (Cilium system requirements, firewall rules)' });
      if (cil.hubble) tcp.push({ value: 4244, why: 'Hubble server; Hubble Relay dials it on every node (docs.cilium.io observability/hubble/setup)' });
      if (cil.bgp) tcp.push({ value: 179, why: 'BGP sessions with the upstream routers (bgp.enabled)' });
      if (cil.prometheus) tcp.push({ value: 9962, why: 'agent metrics, host network (reference/cilium.md §2)' }, { value: 9963, why: 'operator metrics, host network (reference/cilium.md §2)' });
      if (cil.hubbleMetrics) tcp.push({ value: 9965, why: 'Hubble metrics (reference/cilium.md §2)' });
      if (cil.routingMode === 'tunnel' && cil.tunnelProtocol === 'vxlan') udp.push({ value: 8472, why: 'VXLAN tunnel between nodes (routing.mode tunnel, Linux default port)' });
      const geneveDsr = cil.lbMode !== 'snat' && cil.dsrDispatch === 'geneve';
      if ((cil.routingMode === 'tunnel' && cil.tunnelProtocol === 'geneve') || geneveDsr) {
        udp.push({ value: 6081, why: geneveDsr ? 'Geneve DSR dispatch (loadBalancer.dsrDispatch geneve)' : 'Geneve tunnel between nodes (routing.tunnelProtocol geneve)' });
      }
      if (cil.wireguard) udp.push({ value: 51871, why: 'WireGuard between nodes (reference/cilium.md §4)' });
      checkReversePath = { value: false, why: 'the firewall\'s rpfilter drops Cilium\'s asymmetric paths (DSR replies, pod traffic via cilium_host)' };
    }
  } else if (block.hostNetwork.openFirewall) {
    udp.push({ value: 8472, why: 'flannel VXLAN between nodes' });
  }
  tcp.sort((a, b) => a.value - b.value);
  udp.sort((a, b) => a.value - b.value);
  return {
    cluster: cluster.metadata.name,
    mtu: net.mtu ?? 1500,
    cni: cil.enabled
      ? `Cilium (routing ${cil.routingMode}${cil.routingMode === 'tunnel' ? ` ${cil.tunnelProtocol}` : ''}${cil.wireguard ? ', WireGuard' : ''}${cil.bgp ? ', BGP' : ''})`
      : 'flannel',
    nodes: net.nodes.map((n) => ({ name: n.name, interfaces: interfacesOf(block, cil, n.name), ...(n.zone === undefined ? {} : { zone: n.zone }) })),
    sysctl,
    kernelModules,
    tcp,
    udp,
    ...(checkReversePath === undefined ? {} : { checkReversePath }),
  };
}

/**
 * The NixOS module `host-network.nix`, one for every node like
 * `kubernetes-pki.nix`: per-node interfaces and zone keyed by
 * `networking.hostName`, the rest shared. Every setting carries its reason.
 */
export function hostNetworkModule(plan: HostNetworkPlan): string {
  const list = (xs: readonly string[]) => (xs.length === 0 ? '[ ]' : `[ ${xs.map(nixString).join(' ')} ]`);
  const ports = (xs: readonly Reasoned<number>[]) => (xs.length === 0 ? ['[ ]'] : ['[', ...xs.map((p) => `      ${p.value} # ${p.why}`), '    ]']);
  const lines = [
    `# Generated by strata (@strata/pki-bootstrap) for cluster ${plan.cluster}; do not edit: change clusters/${plan.cluster}/cluster.yaml and render.`,
    `# Host networking for ${plan.cni}, from the same spec as the cluster objects.`,
    '# Import beside kubernetes-pki.nix.',
    '{ config, lib, ... }:',
    'let',
    '  nodes = {',
    ...plan.nodes.map((n) => `    ${nixString(n.name)} = { interfaces = ${list(n.interfaces)}; zone = ${n.zone === undefined ? 'null' : nixString(n.zone)}; };`),
    '  };',
    '  hostName = config.networking.hostName;',
    `  node = nodes.\${hostName} or (throw "host-network.nix: \${hostName} is not a node of ${plan.cluster}");`,
    `  mtu = ${plan.mtu}; # spec.network.mtu`,
    'in',
    '{',
    '  # spec.network.mtu on the node interfaces; Cilium derives its pod MTU from theirs (reference/cilium.md §4).',
    '  networking.interfaces = builtins.listToAttrs (map (name: { inherit name; value = { inherit mtu; }; }) node.interfaces);',
    '',
    '  boot.kernel.sysctl = {',
    ...plan.sysctl.map((s) => `    ${nixString(s.value[0])} = ${s.value[1]}; # ${s.why}`),
    '  };',
  ];
  if (plan.kernelModules.length > 0) {
    lines.push('', `  boot.kernelModules = [ ${plan.kernelModules.map((m) => nixString(m.value)).join(' ')} ]; # ${plan.kernelModules.map((m) => m.why).join('; ')}`);
  }
  if (plan.tcp.length > 0 || plan.udp.length > 0 || plan.checkReversePath !== undefined) {
    lines.push('', '  networking.firewall = {');
    if (plan.checkReversePath !== undefined) lines.push(`    checkReversePath = ${plan.checkReversePath.value}; # ${plan.checkReversePath.why}`);
    if (plan.tcp.length > 0) lines.push(`    allowedTCPPorts = ${ports(plan.tcp).join('\n')};`);
    if (plan.udp.length > 0) lines.push(`    allowedUDPPorts = ${ports(plan.udp).join('\n')};`);
    lines.push('  };');
  }
  lines.push(
    '',
    '  # spec.network.nodes[].zone as the well-known label (kubelet may set it on itself); PreferClose routing reads it.',
    '  services.kubernetes.kubelet.extraOpts = lib.mkIf (node.zone != null) "--node-labels=topology.kubernetes.io/zone=${node.zone}";',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

/** Host-network checks: interfaces that name no node, and an MTU set on no interface. */
export function checkHostNetwork(cluster: Cluster, block: PkiBlock, dataplane?: Dataplane): SpecIssue[] {
  const hn = block.hostNetwork;
  if (!hn.enabled) return [];
  const issues: SpecIssue[] = [];
  const H = ['spec', 'pki', 'hostNetwork'];
  const names = new Set(cluster.spec.network.nodes.map((n) => n.name));
  for (const name of Object.keys(hn.nodeInterfaces ?? {})) {
    if (!names.has(name)) issues.push({ path: [...H, 'nodeInterfaces', name], message: `${name} is not in spec.network.nodes` });
  }
  const cil = ciliumHost(dataplane);
  const globs = cil.enabled ? cil.devices.filter((d) => GLOB.test(d)) : [];
  const plan = planHostNetwork(cluster, block, dataplane);
  const bare = plan.nodes.filter((n) => n.interfaces.length === 0).map((n) => n.name);
  if (plan.mtu !== 1500 && bare.length > 0) {
    issues.push({
      path: ['spec', 'network', 'mtu'],
      severity: 'warning',
      message: `${plan.mtu} is set on no interface of ${bare.join(', ')}${globs.length > 0 ? ` (spec.cilium.devices ${globs.join(', ')} ${globs.length === 1 ? 'is a pattern' : 'are patterns'}, not interface names)` : ''}; those hosts keep their own MTU`,
      hint: 'name the node interfaces in spec.pki.hostNetwork.interfaces (or nodeInterfaces per node)',
    });
  }
  return issues;
}
