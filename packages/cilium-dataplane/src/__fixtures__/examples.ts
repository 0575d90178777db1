// Test support: the example clusters' `spec.cilium` blocks, read from the
// committed clusters/<name>/cluster.yaml so the goldens follow the real examples.
import { exampleDoc } from '@strata/core/examples';
import type { SpecOptions } from './spec.ts';

/** One example cluster: its `spec.cilium` block and the core fields it is checked against. */
export interface Example {
  readonly cilium: object;
  readonly opts: SpecOptions;
}

function example(name: string): Example {
  // With its profiles applied: the block as the loader sees it.
  const spec = exampleDoc<{ spec: { cilium: Record<string, unknown>; network: object; kubernetes: { apiServer: { host: string; port?: number } } } }>(name).spec;
  return { cilium: spec.cilium, opts: { name, network: spec.network, apiServer: spec.kubernetes.apiServer } };
}

/** clusters/chromebox-lab: KPR, native routing, L2 announcements, WireGuard, Gateway API (HTTPS terminate, TLS passthrough, 90/10 canary), Hubble. */
export const CHROMEBOX_LAB = example('chromebox-lab');
/** clusters/homelab: Maglev + DSR, native routing, BPF masquerade, endpoint routes, Multus, L2 announcements, default-deny. */
export const HOMELAB = example('homelab');
/** clusters/edge-bgp: BGP ECMP to two routers, MTU 9216, DNS and Kafka on the L4 fast path. */
export const EDGE_BGP = example('edge-bgp');
