// Test support: a stand-in for cilium-dataplane, shared with the compiler's pki tests.
import { type Dataplane, defineComponent } from '@strata/core';

/** The `spec.cilium` fields the PKI and the host-network module read. */
export const CILIUM_FIELDS = ['enabled', 'kubeProxyReplacement', 'routing', 'loadBalancer', 'encryption', 'bgp', 'hubble', 'prometheus', 'devices'];

/**
 * Stand-in for cilium-dataplane (another package): it takes the fields of the
 * committed examples' cilium blocks the dataplane fact depends on, with that
 * block's defaults, and declares the fact as cilium-dataplane does, so these
 * tests do not depend on that package.
 */
export const ciliumStub = defineComponent<unknown>({
  name: 'cilium-dataplane',
  key: 'cilium',
  description: 'stub',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', default: false },
      kubeProxyReplacement: { type: 'boolean', default: true },
      routing: { type: 'object', default: {}, properties: { mode: { type: 'string', default: 'tunnel' }, tunnelProtocol: { type: 'string', default: 'vxlan' } } },
      loadBalancer: { type: 'object', default: {}, properties: { mode: { type: 'string', default: 'snat' }, dsrDispatch: { type: 'string', default: 'opt' } } },
      encryption: { type: 'object', default: {}, properties: { wireguard: { type: 'boolean', default: false } } },
      bgp: { type: 'object', default: {}, properties: { enabled: { type: 'boolean', default: false } } },
      hubble: { type: 'object', default: {}, properties: { enabled: { type: 'boolean', default: true }, metrics: { type: 'array', default: [] } } },
      prometheus: { type: 'object', default: {}, properties: { enabled: { type: 'boolean', default: false } } },
      devices: { type: 'array', items: { type: 'string' } },
    },
  },
  facts: ({ block }) => {
    const b = block as {
      kubeProxyReplacement: boolean;
      routing: { mode: 'native' | 'tunnel'; tunnelProtocol: 'vxlan' | 'geneve' };
      loadBalancer: { mode: string; dsrDispatch: string };
      encryption: { wireguard: boolean };
      bgp: { enabled: boolean };
      hubble: { enabled: boolean; metrics: string[] };
      prometheus: { enabled: boolean };
      devices?: string[];
    };
    const dataplane: Dataplane = {
      component: 'cilium-dataplane',
      kubeProxyReplacement: b.kubeProxyReplacement,
      routing: b.routing.mode,
      tunnelProtocol: b.routing.tunnelProtocol,
      loadBalancerMode: b.loadBalancer.mode,
      dsrDispatch: b.loadBalancer.dsrDispatch,
      wireguard: b.encryption.wireguard,
      bgp: b.bgp.enabled,
      hubble: { enabled: b.hubble.enabled, relay: false, ui: false, metrics: b.hubble.metrics },
      prometheus: b.prometheus.enabled,
      devices: b.devices ?? [],
    };
    return { dataplane };
  },
  render: () => undefined,
});

