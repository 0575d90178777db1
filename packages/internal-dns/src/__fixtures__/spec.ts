// Test support: loads spec.internalDNS through the real loader, with the facts of
// the components it reads (Cilium's pools and default deny, the edge's classes
// and TLS hosts) built by hand in a stub.
import type { AddressPool, FactsPart, HttpEntrypoint, TlsHost } from '@strata/core';
import { factsStub, type Loaded as LoadedSpec, loadComponent, problemLines } from '@strata/core/testing';
import { exampleDoc } from '@strata/core/examples';
import { component } from '../index.ts';
import type { InternalDnsBlock } from '../schema.ts';

/** A Cilium-like address pool fact. */
export function pool(name: string, blocks: string[], announcement: AddressPool['announcement'], extra: Partial<AddressPool> = {}): AddressPool {
  return { name, blocks, announcement, ipsAnnotation: 'lbipam.cilium.io/ips', component: 'cilium-dataplane', path: ['spec', 'testFacts', 'pools', name], ...extra };
}

/** An ingress class entry point, as nginx-edge declares it. */
export function ingressClass(name: string): HttpEntrypoint {
  return { kind: 'ingress-class', ingressClass: name, port80: true, component: 'nginx-edge', path: ['spec', 'testFacts', 'classes', name] };
}

/** A TLS host served by an ingress class. */
export function ingressHost(host: string, ingressClass: string, index: number): TlsHost {
  return { host, secretName: `${host.replace(/\./g, '-')}-tls`, namespace: 'apps', server: { kind: 'ingress', ingressClass }, component: 'nginx-edge', path: ['spec', 'testFacts', 'hosts', index] };
}

/** A TLS host terminated by a Gateway listener. */
export function gatewayHost(host: string, gateway: string, index: number): TlsHost {
  return {
    host,
    secretName: `${host.replace(/\./g, '-')}-tls`,
    namespace: 'gateways',
    server: { kind: 'gateway', gateway, namespace: 'gateways', listener: 'https' },
    component: 'cilium-dataplane',
    path: ['spec', 'testFacts', 'hosts', index],
  };
}

function network(name: string): object {
  // With its profiles applied: the network as the loader sees it.
  return exampleDoc<{ spec: { network: object } }>(name).spec.network;
}

/** homelab's network (three nodes) and the facts its other blocks declare: L2 pools, two classes, their hosts, default deny. */
export const HOMELAB_NETWORK = network('homelab');
export const HOMELAB_FACTS: FactsPart = {
  addressPools: [
    pool('internal', ['192.168.1.224/28'], 'l2'),
    pool('external', ['192.168.1.240-192.168.1.250'], 'l2', { serviceSelector: { 'strata.dev/exposure': 'external' } }),
  ],
  httpEntrypoints: [ingressClass('internal'), ingressClass('external')],
  tlsHosts: [ingressHost('grafana.home.example.org', 'internal', 0), ingressHost('blog.example.org', 'external', 1), ingressHost('dashboard.home.example.org', 'internal', 2)],
  loadBalancerAddresses: [
    { ip: '192.168.1.225', owner: 'ingress class internal', component: 'nginx-edge', path: ['spec', 'testFacts', 'addresses', 0] },
    { ip: '192.168.1.241', owner: 'ingress class external', component: 'nginx-edge', path: ['spec', 'testFacts', 'addresses', 1] },
  ],
  defaultDeny: [
    { component: 'cilium-dataplane', exemptNamespaces: ['kube-system', 'flux-system', 'ingress-nginx', 'cert-manager', 'monitoring', 'external-dns', 'dashboard'] },
  ],
  versions: { cilium: '1.18.12' },
};

/** The block proposed for clusters/homelab/cluster.yaml. */
export const HOMELAB_BLOCK = { domain: 'home.example.org', ingressClasses: ['internal'], address: { pool: 'internal', ip: '192.168.1.226' } };

export interface SpecOptions {
  readonly name?: string;
  readonly network?: object;
  /** Facts of the other components; default {@link HOMELAB_FACTS}. */
  readonly facts?: FactsPart;
}

export type Loaded = LoadedSpec<InternalDnsBlock>;

/** Loads `spec.internalDNS` = `{enabled: true, ...block}` beside a stub declaring `opts.facts`. */
export function load(block: object, opts: SpecOptions = {}): Loaded {
  return loadComponent<InternalDnsBlock>(component, block, {
    fields: { name: opts.name ?? 'homelab', network: opts.network ?? HOMELAB_NETWORK },
    stubs: [factsStub('testFacts', opts.facts ?? HOMELAB_FACTS)],
  });
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(block: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(block, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problems(block: object, opts: SpecOptions = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return problemLines(load(block, opts).findings, which);
}
