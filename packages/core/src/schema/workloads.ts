import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * A workspace-relative path: `/`-separated segments that each start with a
 * letter, digit or `_`, so neither an absolute path nor `..` can leave the
 * workspace.
 */
export const workspacePathSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9_][-A-Za-z0-9_.]*(/[A-Za-z0-9_][-A-Za-z0-9_.]*)*/?$',
  maxLength: 1024,
} as const;

/** An RFC 1123 label (cluster.ts's `dnsLabelSchema`; repeated here because cluster.ts imports this file). */
const dnsLabelSchema = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 } as const;

const layerSchema = { enum: ['crds', 'controllers', 'config'] } as const;

/** JSON Schema of one `spec.releases` entry: an upstream Helm chart installed as it is. */
export const releaseSchema = {
  type: 'object',
  description: 'An upstream Helm chart the cluster runs without a component package: installed through the same engine objects as the components\' charts.',
  additionalProperties: false,
  required: ['name', 'namespace', 'chart', 'repository', 'version'],
  properties: {
    name: { ...dnsLabelSchema, maxLength: 53, description: 'Release name; unique among the releases and the components\' Helm releases.' },
    namespace: { ...dnsLabelSchema, description: 'Namespace the chart installs into (created if missing).' },
    chart: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$', description: 'Chart name in the repository.' },
    repository: {
      type: 'string',
      pattern: '^(https://|oci://)[^\\s]+$',
      description: '`https://` Helm repository, or `oci://registry/path` (the chart name is appended).',
    },
    version: {
      type: 'string',
      minLength: 1,
      description: 'Exact chart version as the repository spells it (`1.2.3`, `v1.2.3`). Ranges and `latest` are errors: nobody changes what is applied without changing the repository.',
    },
    digest: {
      type: 'string',
      pattern: '^sha256:[0-9a-f]{64}$',
      description: '`sha256:` digest of the OCI chart artifact, when known (OCI charts only); Flux then pulls by digest.',
    },
    values: { type: 'object', default: {}, description: 'Helm values, passed as they are.' },
    layer: { ...layerSchema, default: 'controllers', description: 'Sync layer the install objects land in.' },
    crds: {
      enum: ['Skip', 'Create', 'CreateReplace'],
      default: 'CreateReplace',
      description: 'What the engine does with the chart\'s CRDs on install and upgrade.',
    },
    crdSchemas: {
      ...workspacePathSchema,
      description:
        'Workspace-relative file or folder of the CRD YAML the chart installs: read (not rendered) so `spec.manifests` objects of those kinds are validated against the CRDs\' schemas.',
    },
    dependsOn: {
      type: 'array',
      uniqueItems: true,
      description:
        'Releases (by name) and enabled components (by component name, e.g. `cert-manager`) that must be ready first. Flux: HelmRelease `spec.dependsOn`; Argo CD: a later sync wave inside the layer\'s Application.',
      items: { ...dnsLabelSchema },
    },
    kubernetes: {
      type: 'object',
      description: 'Kubernetes versions the chart supports: a cluster older than `min` is an error, newer than `max` a warning (the compatibility table).',
      additionalProperties: false,
      properties: {
        min: { type: 'string', pattern: '^1\\.[0-9]+(\\.[0-9]+)?$', description: 'Oldest supported Kubernetes version (`1.29`).' },
        max: { type: 'string', pattern: '^1\\.[0-9]+(\\.[0-9]+)?$', description: 'Newest supported or tested Kubernetes version (`1.34`).' },
      },
    },
  },
} as const satisfies JSONSchema;

/** JSON Schema of one `spec.manifests` entry: a folder (or file) of plain YAML objects. */
export const manifestSchema = {
  type: 'object',
  description: 'Plain Kubernetes YAML the cluster applies, validated and policy-checked like strata\'s own objects.',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: {
      ...workspacePathSchema,
      description:
        'Workspace-relative folder (every `*.yaml`/`*.yml` below it, recursively) or file of multi-document YAML, so several clusters can share one folder.',
    },
    layer: { ...layerSchema, default: 'config', description: 'Sync layer the objects are written into.' },
  },
} as const satisfies JSONSchema;

export type ReleaseEntry = FromSchema<typeof releaseSchema>;
export type ManifestEntry = FromSchema<typeof manifestSchema>;
