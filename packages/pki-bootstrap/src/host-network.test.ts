import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_FACTS } from '@strata/core';
import { ComponentChart } from '@strata/core/chart';
import { App } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleSpec, load, loadValid, syntheticSpec } from './__fixtures__/spec.ts';
import { run, tool } from './__fixtures__/tools.ts';
import { HOST_NETWORK_FILE, planHostNetwork } from './host-network.ts';
import { component } from './index.ts';

type Spec = ReturnType<typeof syntheticSpec>;

/** A synthetic 3-node spec with `cilium` as its Cilium block (enabled) and `network` fields merged in. */
function withCilium(cilium: object | undefined, network: object = {}): Spec {
  const spec = syntheticSpec(3);
  return {
    ...spec,
    spec: {
      ...spec.spec,
      network: { ...(spec.spec.network as object), ...network },
      ...(cilium === undefined ? {} : { cilium: { enabled: true, ...cilium } }),
    },
  } as Spec;
}

function plan(spec: Spec, pki: object = {}) {
  const { cluster, block, dataplane } = loadValid(spec, pki);
  return planHostNetwork(cluster, block, dataplane);
}

const ports = (xs: readonly { value: number }[]) => xs.map((p) => p.value);

function renderFiles(spec: Spec, pki: object = {}): Map<string, string> {
  const { cluster, block, dataplane } = loadValid(spec, pki);
  const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'pki-bootstrap');
  component.render(chart, { cluster, block, facts: { ...NO_FACTS, ...(dataplane === undefined ? {} : { dataplane }) } });
  return new Map(chart.files().map((f) => [f.path, f.content]));
}

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

/** edge-bgp with the PKI on and its uplink named: MTU 9216, native routing, BGP, zones. */
const EDGE_PKI = { hostNetwork: { interfaces: ['enp1s0f0'] } };

describe('host-network.nix', () => {
  it('renders edge-bgp\'s jumbo MTU, BGP port and zone labels as in the golden', async () => {
    const files = renderFiles(exampleSpec('edge-bgp'), EDGE_PKI);
    await expect(files.get(HOST_NETWORK_FILE)).toMatchFileSnapshot('__snapshots__/edge-bgp/host-network.nix');
    const p = plan(exampleSpec('edge-bgp'), EDGE_PKI);
    expect(p.mtu).toBe(9216);
    expect(p.nodes).toEqual([
      { name: 'edge-1', interfaces: ['enp1s0f0'], zone: 'rack-a' },
      { name: 'edge-2', interfaces: ['enp1s0f0'], zone: 'rack-a' },
      { name: 'edge-3', interfaces: ['enp1s0f0'], zone: 'rack-b' },
    ]);
    expect([ports(p.tcp), ports(p.udp)]).toEqual([[179, 4240, 4244, 9962, 9963, 9965], []]);
  });

  it('opens the tunnel port of the routing mode: VXLAN 8472 by default, Geneve 6081', () => {
    expect(ports(plan(withCilium({})).udp)).toEqual([8472]);
    expect(ports(plan(withCilium({ routing: { tunnelProtocol: 'geneve' } })).udp)).toEqual([6081]);
    expect(ports(plan(withCilium({ routing: { mode: 'native' } })).udp)).toEqual([]);
  });

  it('opens Geneve for DSR with geneve dispatch in native routing', () => {
    const p = plan(withCilium({ routing: { mode: 'native' }, loadBalancer: { mode: 'dsr', dsrDispatch: 'geneve' } }));
    expect(p.udp).toEqual([{ value: 6081, why: 'Geneve DSR dispatch (loadBalancer.dsrDispatch geneve)' }]);
  });

  it('loads the wireguard module and opens 51871/UDP with WireGuard', () => {
    const p = plan(withCilium({ routing: { mode: 'native' }, encryption: { wireguard: true } }));
    expect(p.kernelModules.map((m) => m.value)).toEqual(['wireguard']);
    expect(ports(p.udp)).toEqual([51871]);
    expect(plan(withCilium({})).kernelModules).toEqual([]);
  });

  it('opens 4244 only with Hubble, 179 only with BGP, metrics ports only when exported', () => {
    expect(ports(plan(withCilium({ hubble: { enabled: false } })).tcp)).toEqual([4240]);
    expect(ports(plan(withCilium({ bgp: { enabled: true } })).tcp)).toEqual([179, 4240, 4244]);
    expect(ports(plan(withCilium({ prometheus: { enabled: true }, hubble: { metrics: ['dns'] } })).tcp)).toEqual([4240, 4244, 9962, 9963, 9965]);
  });

  it('turns rp_filter off, the JIT on and the firewall\'s reverse-path check off with Cilium', () => {
    const p = plan(withCilium({}));
    expect(p.sysctl.map((s) => s.value)).toEqual([
      ['net.ipv4.ip_forward', 1],
      ['net.ipv4.conf.all.rp_filter', 0],
      ['net.ipv4.conf.default.rp_filter', 0],
      ['net.core.bpf_jit_enable', 1],
    ]);
    expect(p.checkReversePath?.value).toBe(false);
  });

  it('without Cilium: IP forwarding and flannel\'s VXLAN port only', () => {
    const p = plan(withCilium(undefined));
    expect(p.sysctl.map((s) => s.value)).toEqual([['net.ipv4.ip_forward', 1]]);
    expect([ports(p.tcp), ports(p.udp), p.checkReversePath]).toEqual([[], [8472], undefined]);
    expect(p.cni).toBe('flannel');
  });

  it('leaves the firewall alone with openFirewall: false', () => {
    const p = plan(withCilium({ encryption: { wireguard: true } }), { hostNetwork: { openFirewall: false } });
    expect([p.tcp, p.udp, p.checkReversePath]).toEqual([[], [], undefined]);
    expect(renderFiles(withCilium({}), { hostNetwork: { openFirewall: false } }).get(HOST_NETWORK_FILE)).not.toContain('networking.firewall');
  });

  it('takes interface names from spec.cilium.devices, skipping globs; interfaces and nodeInterfaces override', () => {
    expect(plan(withCilium({ devices: ['eth0', 'enp+'] })).nodes.map((n) => n.interfaces)).toEqual([['eth0'], ['eth0'], ['eth0']]);
    const p = plan(withCilium({ devices: ['eth0'] }), { hostNetwork: { interfaces: ['bond0'], nodeInterfaces: { 'node-2': ['enp2s0', 'enp3s0'] } } });
    expect(p.nodes.map((n) => n.interfaces)).toEqual([['bond0'], ['enp2s0', 'enp3s0'], ['bond0']]);
  });

  it('renders no host-network.nix with hostNetwork.enabled: false', () => {
    expect(renderFiles(withCilium({}), { hostNetwork: { enabled: false } }).has(HOST_NETWORK_FILE)).toBe(false);
  });

  it('rejects nodeInterfaces for a node the spec does not have', () => {
    expect(load(withCilium({}), { hostNetwork: { nodeInterfaces: { 'node-9': ['eth0'] } } }).lines).toEqual([
      'cluster.yaml:39:11 spec.pki.hostNetwork.nodeInterfaces.node-9: node-9 is not in spec.network.nodes',
    ]);
  });

  it('rejects an interface glob in spec.pki.hostNetwork.interfaces', () => {
    expect(load(withCilium({}), { hostNetwork: { interfaces: ['enp+'] } }).lines).toEqual([
      'cluster.yaml:38:11 spec.pki.hostNetwork.interfaces[0]: must match the pattern ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$',
    ]);
  });

  it('warns when a non-default MTU lands on no interface, naming glob devices', () => {
    const { lines } = load(withCilium({ devices: ['enp+'] }, { mtu: 9000 }));
    expect(lines).toEqual([
      'cluster.yaml:32:10 spec.network.mtu: warning: 9000 is set on no interface of node-1, node-2, node-3 (spec.cilium.devices enp+ is a pattern, not interface names); those hosts keep their own MTU',
    ]);
    expect(load(withCilium({ devices: ['eth0'] }, { mtu: 9000 })).lines).toEqual([]);
    expect(load(withCilium({}, { mtu: 1500 })).lines).toEqual([]);
  });

  const nix = tool('nix-instantiate', ['--version'], 'nix-bin');
  it.runIf(nix.run)('renders modules that nix-instantiate parses and evaluates per node', () => {
    expect(nix.missing).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'host-network-'));
    tmp.push(dir);
    const variants = {
      'edge.nix': renderFiles(exampleSpec('edge-bgp'), EDGE_PKI).get(HOST_NETWORK_FILE),
      'lab.nix': renderFiles(exampleSpec('chromebox-lab')).get(HOST_NETWORK_FILE),
      'flannel.nix': renderFiles(withCilium(undefined)).get(HOST_NETWORK_FILE),
      'closed.nix': renderFiles(withCilium({}), { hostNetwork: { openFirewall: false } }).get(HOST_NETWORK_FILE),
    };
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(join(dir, name), text ?? '');
      expect(run('nix-instantiate', ['--parse', join(dir, name)]).length).toBeGreaterThan(0);
    }
    const evalFor = (host: string) =>
      JSON.parse(
        run('nix-instantiate', [
          '--eval',
          '--strict',
          '--json',
          '-E',
          `import ${join(dir, 'edge.nix')} { lib = { mkIf = c: x: if c then x else { }; }; config.networking.hostName = "${host}"; }`,
        ]),
      ) as { networking: { interfaces: unknown; firewall: { allowedTCPPorts: number[] } }; boot: { kernel: { sysctl: Record<string, number> } }; services: unknown };
    const edge3 = evalFor('edge-3');
    expect(edge3.networking.interfaces).toEqual({ enp1s0f0: { mtu: 9216 } });
    expect(edge3.networking.firewall.allowedTCPPorts).toEqual([179, 4240, 4244, 9962, 9963, 9965]);
    expect(edge3.boot.kernel.sysctl['net.ipv4.conf.all.rp_filter']).toBe(0);
    expect(edge3.services).toEqual({ kubernetes: { kubelet: { extraOpts: '--node-labels=topology.kubernetes.io/zone=rack-b' } } });
    expect(() => evalFor('stranger')).toThrow('host-network.nix: stranger is not a node of edge-bgp');
  });
});
