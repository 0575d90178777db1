import type { BlockOf } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';

/** Schema fragment: a lifetime in whole hours (`336h`) or days (`14d`). */
export const lifetimeSchema = {
  type: 'string',
  pattern: '^[1-9][0-9]*(h|d)$',
} as const;

/** A DNS name or an IP address for a certificate's subject alternative names. */
const sanSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 253,
  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|[0-9.]+|[0-9a-fA-F:]+)$',
} as const;

/** A Linux interface name as NixOS `networking.interfaces` takes it: 1–15 characters, no globs. */
const interfaceSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$',
} as const;

/** JSON Schema of `spec.pki`. */
export const schema = {
  type: 'object',
  description:
    'Control-plane PKI: an offline root CA, intermediate CAs (kubernetes, etcd, front-proxy) and ECDSA P-521 leaf certificates for every control-plane component, with a rotation schedule, cfssl CSRs and a NixOS module. Keys are never rendered: `strata pki issue` writes them outside the repository.',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Plan the PKI and render the NixOS module and cfssl files under `rendered/<cluster>/nixos/`.' },
    validity: {
      type: 'object',
      description: 'Lifetimes, as whole hours (`336h`) or days (`14d`). A certificate never outlives its issuer: it is cut to the issuer\'s remaining life.',
      additionalProperties: false,
      default: {},
      properties: {
        root: { ...lifetimeSchema, default: '350400h', description: 'Root CA (40 years); kept offline, it signs the intermediates and nothing else.' },
        intermediate: { ...lifetimeSchema, default: '1440h', description: 'Intermediate CAs kubernetes-ca, etcd-ca, front-proxy-ca (60 days).' },
        leaf: { ...lifetimeSchema, default: '336h', description: 'Every leaf certificate (14 days).' },
      },
    },
    renewAt: {
      type: 'string',
      pattern: '^([1-9][0-9]?/[1-9][0-9]?|0\\.[0-9]{1,3})$',
      default: '2/3',
      description: 'Renew a certificate when this fraction of its life has passed: a fraction `2/3` or a decimal `0.75` (strictly between 0 and 1).',
    },
    jitterWindow: {
      ...lifetimeSchema,
      default: '1h',
      description:
        'Length of one renewal window. Each node renews in a window of its own (the control-plane certificates in slot 0, node i in slot i+1), so no two nodes ever rotate at once.',
    },
    apiServer: {
      type: 'object',
      description: 'The kube-apiserver serving certificate.',
      additionalProperties: false,
      default: {},
      properties: {
        extraSANs: {
          type: 'array',
          uniqueItems: true,
          default: [],
          items: sanSchema,
          description:
            'Extra DNS names or IPs (a VIP and its name, a load balancer). `spec.kubernetes.apiServer.host`, the control-plane nodes, the first service IP and the in-cluster names are always included.',
        },
      },
    },
    kubeProxy: {
      type: 'boolean',
      description: 'Run kube-proxy (and issue its client certificate). Default: off when `spec.cilium.kubeProxyReplacement` is true, else on.',
    },
    flannel: {
      type: 'boolean',
      description: 'Run flannel (NixOS `services.kubernetes.flannel`) and issue its client certificate. Default: off when Cilium is enabled, else on.',
    },
    etcd: {
      type: 'boolean',
      default: true,
      description: 'Run etcd on the control-plane nodes (server and peer certificates per node, `services.etcd` in the module).',
    },
    hostNetwork: {
      type: 'object',
      description:
        'Host networking of the NixOS nodes in a second module, `nixos/host-network.nix`, from the same spec the cluster objects come from: `spec.network.mtu` on the node interfaces, the sysctls, firewall ports and kernel modules the CNI uses for the modes in `spec.cilium` (or flannel), and each node\'s `topology.kubernetes.io/zone` label.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Render `nixos/host-network.nix` (import it beside `kubernetes-pki.nix`).' },
        interfaces: {
          type: 'array',
          uniqueItems: true,
          items: interfaceSchema,
          description:
            'Host interfaces that carry node traffic on every node (`networking.interfaces.<name>.mtu` = `spec.network.mtu`). Default: the names in `spec.cilium.devices` (globs like `enp+` are skipped).',
        },
        nodeInterfaces: {
          type: 'object',
          description: 'Per node, by node name: interfaces that replace `interfaces` on that node (machines with different NICs).',
          additionalProperties: { type: 'array', uniqueItems: true, items: interfaceSchema },
        },
        openFirewall: {
          type: 'boolean',
          default: true,
          description: 'Open the CNI\'s ports in `networking.firewall` (health, Hubble, tunnel, WireGuard, BGP, metrics) and turn the firewall\'s reverse-path check off with Cilium.',
        },
      },
    },
    paths: {
      type: 'object',
      description: 'Where the files live on the nodes.',
      additionalProperties: false,
      default: {},
      properties: {
        base: {
          type: 'string',
          pattern: '^/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$',
          default: '/etc/kubernetes/pki',
          description: 'Folder of the certificates on every node (cfssl naming: `<name>.pem`, `<name>-key.pem`, `ca.pem`).',
        },
      },
    },
  },
} as const satisfies JSONSchema;

/** The `spec.pki` block, defaults applied. */
export type PkiBlock = BlockOf<typeof schema>;
