import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileChanges, profileReads, readProfiles } from './profiles.ts';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-profiles-'));
  mkdirSync(join(root, 'clusters/_profiles'), { recursive: true });
  mkdirSync(join(root, 'workloads/shared'), { recursive: true });
  writeFileSync(join(root, 'clusters/_profiles/apps.yaml'), 'apiVersion: strata.dev/v1alpha1\nkind: Profile\nspec:\n  manifests:\n    - path: workloads/shared\n');
  writeFileSync(join(root, 'clusters/_profiles/plain.yaml'), 'apiVersion: strata.dev/v1alpha1\nkind: Profile\n');
  writeFileSync(join(root, 'clusters/_profiles/notes.txt'), 'not a profile\n');
  writeFileSync(join(root, 'workloads/shared/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n');
  return root;
}

describe('profiles in the compiler', () => {
  it('reads every clusters/_profiles/*.yaml by name, and nothing else', () => {
    expect([...readProfiles(workspace()).keys()]).toEqual(['apps', 'plain']);
  });

  it('keys the render cache on the files a profile names in spec.manifests, so editing one re-renders its clusters', () => {
    const root = workspace();
    const reads = () => profileReads(root, readProfiles(root));
    const before = reads()(['clusters/_profiles/apps.yaml']);
    const plain = reads()(['clusters/_profiles/plain.yaml']);
    writeFileSync(join(root, 'workloads/shared/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: c}\n');
    expect(reads()(['clusters/_profiles/apps.yaml'])).not.toBe(before);
    expect(reads()(['clusters/_profiles/plain.yaml'])).toBe(plain);
  });

  it('says which profiles of a cluster changed between two of its indexes', () => {
    const index = (profiles: { name: string; sha256: string }[]) => JSON.stringify({ profiles: profiles.map((p) => ({ ...p, file: `clusters/_profiles/${p.name}.yaml` })) });
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    expect(profileChanges(index([{ name: 'base', sha256: a }, { name: 'old', sha256: a }]), index([{ name: 'base', sha256: b }, { name: 'new', sha256: a }]))).toEqual([
      'profile base: aaaaaaaa → bbbbbbbb',
      'profile new: added',
      'profile old: removed',
    ]);
    expect(profileChanges(undefined, index([]))).toEqual([]);
  });
});
