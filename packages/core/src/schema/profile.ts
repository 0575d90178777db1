import { MERGE_KEY, REMOVE } from '../spec/merge.ts';
import { PROFILES_DIR } from '../spec/inputs.ts';
import { CLUSTER_API_VERSION } from './cluster.ts';

/** Stable address of the published profile schema, relative to the workspace root. */
export const PROFILE_SCHEMA_PATH = 'schema/profile.schema.json';
export { PROFILES_DIR } from '../spec/inputs.ts';
/** The `kind` of a profile file. */
export const PROFILE_KIND = 'Profile';

type JsonObject = Record<string, unknown>;

/** Keywords that make a schema demand or invent a value; a profile states only what it sets. */
const DROPPED = new Set(['required', 'default', 'dependentRequired', 'dependencies']);
/** Keywords whose value is one subschema, or a list of them. */
const SUBSCHEMA = ['items', 'additionalProperties', 'not', 'if', 'then', 'else'];
const SUBSCHEMAS = ['anyOf', 'oneOf', 'allOf'];

/**
 * The schema of a profile, derived from the composed cluster schema: the same
 * `spec` with every `required` and `default` dropped (a profile may set any
 * part and invents nothing), unknown keys still errors, and `$remove: true`
 * allowed on the entries of lists merged by name.
 */
export function composeProfileSchema(clusterSchema: JsonObject): JsonObject {
  const props = clusterSchema.properties as JsonObject;
  const metadata = props.metadata as JsonObject;
  const metadataProps = metadata.properties as JsonObject;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://strata.dev/schema/profile.schema.json',
    title: 'strata Profile',
    description: `A partial cluster spec shared by several clusters: ${PROFILES_DIR}/<name>.yaml. Every key is optional; a cluster lists profiles under \`profiles\`.`,
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: props.apiVersion,
      kind: { const: PROFILE_KIND, description: 'Always `Profile`.' },
      metadata: {
        type: 'object',
        description: 'Identity of the profile.',
        additionalProperties: false,
        properties: {
          name: { ...(metadataProps.name as JsonObject), description: 'Profile name; equals the file name without `.yaml`.' },
          description: { type: 'string', description: 'What the profile is for, for humans.' },
        },
      },
      profiles: {
        ...(props.profiles as JsonObject),
        description: 'Profiles this one builds on, in order; this profile wins over them.',
      },
      spec: partial(props.spec),
    },
  };
}

function partial(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(partial);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(s)) {
    if (DROPPED.has(key)) continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, partial(v)]));
    else if (SUBSCHEMA.includes(key) && value !== null && typeof value === 'object') out[key] = partial(value);
    else if (SUBSCHEMAS.includes(key) && Array.isArray(value)) out[key] = value.map(partial);
    else out[key] = value;
  }
  // Entries of a list merged by name may ask to drop the inherited entry of that name.
  const rule = s[MERGE_KEY];
  const items = out.items as JsonObject | undefined;
  if (Array.isArray(rule) && items?.properties !== undefined) {
    out.items = {
      ...items,
      properties: {
        ...(items.properties as JsonObject),
        [REMOVE]: { const: true, description: `Drop the inherited entry with this ${rule.join(' and ')}.` },
      },
    };
  }
  return out;
}
