/**
 * Test support (`@strata/core/examples`): an example cluster of this
 * repository as the loader sees it, its profiles merged in (by the published
 * schema's merge keys), without validation or defaults. Component tests whose
 * goldens follow the real examples read their blocks from here, so moving a
 * setting into a profile does not change what they test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PROFILES_DIR } from '../schema/profile.ts';
import { mergeSpecs } from '../spec/merge.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

type Doc = { profiles?: string[]; spec?: unknown } & Record<string, unknown>;

/** `clusters/<name>/cluster.yaml` with its profiles applied; `profiles` itself is left out. */
export function exampleDoc<T = Doc>(name: string): T {
  const read = (path: string) => parse(readFileSync(join(REPO, path), 'utf8')) as Doc;
  const cluster = read(`clusters/${name}/cluster.yaml`);
  const chain: Doc[] = [];
  const seen = new Set<string>();
  const visit = (doc: Doc): void => {
    for (const p of doc.profiles ?? []) {
      if (seen.has(p)) continue;
      seen.add(p);
      const profile = read(`${PROFILES_DIR}/${p}.yaml`);
      visit(profile);
      chain.push({ spec: profile.spec ?? {} });
    }
  };
  visit(cluster);
  const schema = JSON.parse(readFileSync(join(REPO, 'schema/cluster.schema.json'), 'utf8')) as unknown;
  const { profiles: _, ...rest } = mergeSpecs(schema, ...chain, cluster) as Doc;
  return rest as T;
}
