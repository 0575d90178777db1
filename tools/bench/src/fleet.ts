import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Node-network prefix of each example, rewritten per fleet member so networks differ. */
const NODE_PREFIX: Record<string, string> = {
  homelab: '192.168.1.',
  'chromebox-lab': '10.20.0.',
  'edge-bgp': '172.16.10.',
};

/** Rollout rings: each generated cluster also builds on one `ring-<k>` profile, so a profile edit reaches a known part of the fleet. */
export const RINGS = 4;

/** The ring profile a generated cluster uses. */
export function ringOf(index: number): string {
  return `ring-${index % RINGS}`;
}

/**
 * Writes `count` cluster specs into `root/clusters/`: the examples in turn,
 * each copy renamed (`homelab-007`) and moved to its own node subnet, with
 * its secrets/ folder copied as it is, the `workloads/` folder their
 * `spec.manifests` read, the examples' profiles (`clusters/_profiles/`) plus
 * one rollout-ring profile per cluster (`ring-0` … `ring-3`, round robin;
 * each sets the GitOps reconcile interval, as the examples have it). Pure
 * text rewriting of the examples, so the fleet
 * follows them as they grow.
 */
export function writeFleet(examplesDir: string, root: string, count: number): string[] {
  const examples = Object.keys(NODE_PREFIX).map((name) => ({
    name,
    text: readFileSync(join(examplesDir, name, 'cluster.yaml'), 'utf8'),
  }));
  // The plain YAML the examples' spec.manifests read (workspace-relative), shared by every copy.
  const workloads = join(dirname(examplesDir), 'workloads');
  if (existsSync(workloads)) cpSync(workloads, join(root, 'workloads'), { recursive: true });
  const profiles = join(root, 'clusters', '_profiles');
  mkdirSync(profiles, { recursive: true });
  if (existsSync(join(examplesDir, '_profiles'))) cpSync(join(examplesDir, '_profiles'), profiles, { recursive: true });
  for (let k = 0; k < RINGS; k++) {
    writeFileSync(
      join(profiles, `ring-${k}.yaml`),
      `apiVersion: strata.dev/v1alpha1\nkind: Profile\nmetadata:\n  name: ring-${k}\n  description: Rollout ring ${k}.\nspec:\n  gitops:\n    interval: 10m\n`,
    );
  }
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const example = examples[i % examples.length]!;
    const name = `${example.name}-${String(i).padStart(3, '0')}`;
    const prefix = NODE_PREFIX[example.name]!;
    const parts = prefix.split('.');
    // Vary the third octet: 0–199 keeps every generated subnet valid and distinct.
    const moved = `${parts[0]}.${parts[1]}.${(Number(parts[2]) + 1 + Math.floor(i / examples.length)) % 200}.`;
    const text = example.text
      .replace(`name: ${example.name}\n`, `name: ${name}\n`)
      .replace(/^profiles: \[(.*)\]$/m, (_, list: string) => `profiles: [${list}, ${ringOf(i)}]`)
      .replaceAll(prefix, moved);
    mkdirSync(join(root, 'clusters', name), { recursive: true });
    writeFileSync(join(root, 'clusters', name, 'cluster.yaml'), text);
    // The example's SOPS-encrypted Secrets come along (they name no cluster), so each copy needs what its example needs.
    const secrets = join(examplesDir, example.name, 'secrets');
    if (existsSync(secrets)) cpSync(secrets, join(root, 'clusters', name, 'secrets'), { recursive: true });
    names.push(name);
  }
  return names;
}
