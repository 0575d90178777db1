import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { mergeByKey } from './merge-key.ts';
import { manifestSchema, releaseSchema } from './workloads.ts';

/** The `apiVersion` every cluster spec declares. */
export const CLUSTER_API_VERSION = 'strata.dev/v1alpha1';

/** Schema fragment: an RFC 1123 label (namespaces, most object names). Shared with component schemas. */
export const dnsLabelSchema = {
  type: 'string',
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  maxLength: 63,
} as const;

/** Schema fragment: a fully qualified host name with at least one dot, no wildcard (each such host gets its own certificate). */
export const hostnameSchema = {
  type: 'string',
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$',
  maxLength: 253,
} as const;

/** Schema fragment: a Go-style duration (`30s`, `10m`, `1h30m`), as Kubernetes and Flux take them. */
export const durationSchema = {
  type: 'string',
  pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$',
} as const;

const dnsLabel = dnsLabelSchema;
const duration = durationSchema;

/** JSON Schema of one node of the cluster. */
export const nodeSchema = {
  type: 'object',
  description: 'A machine of the cluster.',
  additionalProperties: false,
  required: ['name', 'address', 'roles'],
  properties: {
    name: { ...dnsLabel, description: 'Node name as Kubernetes registers it (the hostname).' },
    address: { type: 'string', format: 'ip', description: 'Primary address of the node on the node subnet.' },
    roles: {
      type: 'array',
      description: 'What the node runs: `control-plane` (API server, etcd) and/or `worker`.',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['control-plane', 'worker'] },
    },
    zone: {
      type: 'string',
      description: 'Topology zone (`topology.kubernetes.io/zone`) for locality-aware routing.',
      pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$',
      maxLength: 63,
    },
    maintenance: {
      type: 'boolean',
      default: false,
      description:
        'The node is being drained: components stop announcing LoadBalancer addresses from it (BGP and L2 selectors leave it out), so its VIPs move before it goes down.',
    },
  },
} as const satisfies JSONSchema;

/**
 * JSON Schema of the part of a cluster spec that @strata/core owns. Component
 * packages add their blocks under `spec.<key>` through {@link composeClusterSchema}.
 */
export const clusterBaseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: CLUSTER_API_VERSION, description: 'Spec format version.' },
    kind: { const: 'Cluster', description: 'Always `Cluster`.' },
    profiles: {
      type: 'array',
      uniqueItems: true,
      items: { ...dnsLabel, description: 'Name of a profile: `clusters/_profiles/<name>.yaml`.' },
      description:
        'Profiles this cluster builds on, in order: each is a partial spec under `clusters/_profiles/`; a later profile wins over an earlier one and this file wins over all. Maps merge key by key, lists of named entries by their key (`x-strata-merge-key`), `$remove: true` on a named entry drops the inherited one, and every other list replaces the inherited one.',
    },
    metadata: {
      type: 'object',
      description: 'Identity of the cluster.',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { ...dnsLabel, description: 'Cluster name; equals the folder name under `clusters/`.' },
        description: { type: 'string', description: 'Free text for humans.' },
      },
    },
    spec: {
      type: 'object',
      description: 'Desired state: the core fields below plus one block per component (`spec.<key>`).',
      additionalProperties: false,
      required: ['kubernetes', 'gitops', 'network'],
      properties: {
        kubernetes: {
          type: 'object',
          description: 'The Kubernetes control plane.',
          additionalProperties: false,
          required: ['version'],
          properties: {
            version: {
              type: 'string',
              pattern: '^1\\.[0-9]+(\\.[0-9]+)?$',
              description: 'Kubernetes minor (`1.33`) or patch (`1.33.4`) version the cluster runs.',
            },
            apiServer: {
              type: 'object',
              description: 'How nodes and in-cluster agents reach the API server (a VIP, a name or a control-plane node).',
              additionalProperties: false,
              required: ['host'],
              properties: {
                host: { type: 'string', minLength: 1, description: 'IP address or DNS name of the API server.' },
                port: { type: 'integer', minimum: 1, maximum: 65535, default: 6443, description: 'API server port.' },
              },
            },
          },
        },
        gitops: {
          type: 'object',
          description: 'How the cluster syncs its rendered folder.',
          additionalProperties: false,
          required: ['repository'],
          properties: {
            engine: { enum: ['flux', 'argocd'], default: 'flux', description: 'GitOps engine in the cluster.' },
            repository: {
              type: 'object',
              description: 'The Git repository that holds this workspace.',
              additionalProperties: false,
              required: ['url'],
              properties: {
                url: {
                  type: 'string',
                  pattern: '^(https://|ssh://|git@)[^\\s]+$',
                  description: 'Git URL of this repository as the cluster reaches it (https:// or ssh://).',
                },
                branch: { type: 'string', minLength: 1, default: 'main', description: 'Branch the cluster follows.' },
                secretRef: {
                  ...dnsLabel,
                  description: 'Name of the Secret with Git credentials (created out of band; never rendered).',
                },
              },
            },
            path: {
              type: 'string',
              pattern: '^[a-z0-9][-a-z0-9_./]*[a-z0-9]$',
              description: 'Folder of the rendered output, relative to the repository root. Default `rendered/<name>`.',
            },
            interval: { ...duration, default: '10m', description: 'How often the engine reconciles each layer.' },
          },
        },
        backends: {
          type: 'array',
          ...mergeByKey('namespace', 'name'),
          description:
            'Services the cluster\'s own workloads provide, deployed outside this repository, that routes and Ingresses send traffic to (Services in `spec.manifests` are rendered, so they are not listed here). The `backend-exists` policy rule checks every rendered backend against these, the Services strata renders and those the components\' charts create.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['namespace', 'name', 'ports'],
            properties: {
              namespace: { ...dnsLabel, description: 'Namespace of the Service.' },
              name: { ...dnsLabel, description: 'Name of the Service.' },
              ports: {
                type: 'array',
                ...mergeByKey('port'),
                minItems: 1,
                description: 'The ports the Service exposes.',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['port'],
                  properties: {
                    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Service port number.' },
                    name: { ...dnsLabel, maxLength: 15, description: 'Port name, when backends refer to it by name.' },
                  },
                },
              },
              owner: { type: 'string', minLength: 1, description: 'Who deploys it (a team, a repository path); free text for reviewers.' },
            },
          },
        },
        secrets: {
          type: 'object',
          description:
            'The Secrets the rendered objects read (`strata secrets` lists them). On a Flux cluster, SOPS-encrypted Secret manifests in `clusters/<name>/secrets/` are rendered byte for byte and decrypted by Flux; every other Secret is made outside strata and listed here.',
          additionalProperties: false,
          properties: {
            external: {
              type: 'array',
              ...mergeByKey('namespace', 'name'),
              description:
                'Secrets made outside strata (by hand with the `kubectl create secret` line `strata secrets` prints, or by another tool such as External Secrets). A Secret the cluster needs that is neither here nor in `clusters/<name>/secrets/` is a warning naming the object that will fail.',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['namespace', 'name'],
                properties: {
                  namespace: { ...dnsLabel, description: 'Namespace of the Secret.' },
                  name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253, description: 'Name of the Secret.' },
                  by: { type: 'string', minLength: 1, description: 'Who or what makes it (a runbook, External Secrets); free text for reviewers.' },
                },
              },
            },
          },
        },
        releases: {
          type: 'array',
          ...mergeByKey('name'),
          description: 'Upstream Helm charts installed without a component package, each pinned to an exact version and installed like the components\' charts.',
          items: releaseSchema,
        },
        manifests: {
          type: 'array',
          ...mergeByKey('path'),
          description: 'Folders of plain YAML (the cluster\'s own workloads), validated, policy-checked and written one object per file into a layer.',
          items: manifestSchema,
        },
        policy: {
          type: 'object',
          description: 'Policy settings for this cluster.',
          additionalProperties: false,
          properties: {
            waivers: {
              type: 'array',
              ...mergeByKey('rule', 'object'),
              description: 'Accepted policy violations: each names a rule, one object and why; shown in every render and counted.',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['rule', 'object', 'reason'],
                properties: {
                  rule: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Rule id, e.g. `upstream-pinned`.' },
                  object: { type: 'string', minLength: 1, description: 'The object, as `Kind/namespace/name` or `Kind/name`.' },
                  reason: { type: 'string', minLength: 10, description: 'Why the violation is accepted (shown in output).' },
                },
              },
            },
          },
        },
        network: {
          type: 'object',
          description: 'Addressing of nodes, pods and services.',
          additionalProperties: false,
          required: ['nodeSubnet', 'nodes', 'podCIDR', 'serviceCIDR'],
          properties: {
            nodeSubnet: { type: 'string', format: 'cidr', description: 'Subnet the node addresses live in.' },
            nodes: { type: 'array', ...mergeByKey('name'), minItems: 1, items: nodeSchema, description: 'The machines of the cluster.' },
            podCIDR: { type: 'string', format: 'cidr', description: 'Cluster-wide pod network.' },
            serviceCIDR: { type: 'string', format: 'cidr', description: 'ClusterIP service network.' },
            clusterDomain: {
              type: 'string',
              pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
              default: 'cluster.local',
              description: 'DNS domain of in-cluster services.',
            },
            mtu: {
              type: 'integer',
              minimum: 1280,
              maximum: 9216,
              default: 1500,
              description: 'MTU of the node network (1280–9216).',
            },
          },
        },
      },
    },
  },
} as const satisfies JSONSchema;

/** A loaded cluster spec: schema-valid, defaults applied, deeply frozen. */
export type Cluster = FromSchema<typeof clusterBaseSchema>;
export type ClusterNode = FromSchema<typeof nodeSchema>;
