import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLUSTER_SCHEMA_PATH, type ComponentSpec, composeClusterSchema, composeProfileSchema, PROFILE_SCHEMA_PATH } from '@strata/core';
import type { Io } from '../report.ts';
import { discoverComponents } from '../components.ts';

/** The published cluster schema for a set of components, as committed at schema/cluster.schema.json. */
export function schemaText(components: readonly ComponentSpec[]): string {
  return `${JSON.stringify(composeClusterSchema(components), null, 2)}\n`;
}

/** Every schema the workspace publishes for editors, with its path: cluster.yaml's and a profile's. */
export function publishedSchemas(components: readonly ComponentSpec[]): { path: string; text: string }[] {
  const cluster = composeClusterSchema(components);
  return [
    { path: CLUSTER_SCHEMA_PATH, text: `${JSON.stringify(cluster, null, 2)}\n` },
    { path: PROFILE_SCHEMA_PATH, text: `${JSON.stringify(composeProfileSchema(cluster), null, 2)}\n` },
  ];
}

/** `strata schema [--out FILE]`: prints (or writes) the JSON Schema of cluster.yaml. */
export async function schemaCommand(opts: { out?: string }, io: Io): Promise<number> {
  const text = schemaText((await discoverComponents({ parts: 'spec' })).map((p) => p.component));
  if (opts.out === undefined) io.stdout.write(text);
  else writeFileSync(resolve(io.cwd, opts.out), text);
  return 0;
}
