import { clusterBaseSchema } from './cluster.ts';

/** Stable address of the published schema, relative to the workspace root. */
export const CLUSTER_SCHEMA_PATH = 'schema/cluster.schema.json';

/** A component's contribution to the cluster schema: its block under `spec.<key>`. */
export interface SchemaPart {
  readonly key: string;
  readonly schema: object;
}

type JsonObject = Record<string, unknown>;

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The full cluster schema: the core part plus one block per component, each
 * optional and defaulting to `{}` (so `enabled` defaults to false). Every part
 * keeps `additionalProperties: false`, so unknown keys stay errors.
 */
export function composeClusterSchema(parts: readonly SchemaPart[]): JsonObject {
  const schema = clone(clusterBaseSchema) as unknown as JsonObject;
  const spec = (schema.properties as JsonObject).spec as JsonObject;
  const props = spec.properties as JsonObject;
  for (const part of [...parts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (part.key in props) throw new Error(`schema key spec.${part.key} is claimed twice`);
    props[part.key] = { ...clone(part.schema as JsonObject), default: {} };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://strata.dev/schema/cluster.schema.json',
    title: 'strata Cluster',
    description: 'One cluster spec: clusters/<name>/cluster.yaml.',
    ...schema,
  };
}
