import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProfileFiles, PROFILES_DIR, type SpecLoader } from '@strata/core';

/**
 * Every profile of the workspace, `clusters/_profiles/<name>.yaml`, read once
 * per run. A folder under clusters/ whose name starts with `_` holds no
 * cluster (see listClusters).
 */
export function readProfiles(root: string): ProfileFiles {
  let names: string[];
  try {
    names = readdirSync(join(root, PROFILES_DIR), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.yaml') && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return new Map();
  }
  return new Map(
    names.map((n) => {
      const file = `${PROFILES_DIR}/${n}`;
      return [n.slice(0, -'.yaml'.length), { file, bytes: readFileSync(join(root, file)) }] as const;
    }),
  );
}

/** The loader every command uses: the workspace's profiles are passed to each load. */
export function withProfiles(loader: SpecLoader, profiles: ProfileFiles): SpecLoader {
  return { ...loader, load: (input) => loader.load({ profiles, ...input }) };
}

/** A place in the spec as a finding carries it. */
export interface SpecPlace {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Set when the place is in a profile: the cluster the finding is about. */
  readonly cluster?: string;
}

/**
 * Where `path` of a loaded cluster was written: its spec file, or the line of
 * the profile that set it (then the finding also names the cluster).
 */
export function specPlace(
  specFile: string,
  cluster: string,
  locate: ((path: readonly (string | number)[]) => { line: number; column: number; file?: string }) | undefined,
  path: readonly (string | number)[],
): SpecPlace {
  const at = locate?.(path);
  if (at === undefined) return { file: specFile };
  const file = at.file ?? specFile;
  return { file, line: at.line, column: at.column, ...(file === specFile ? {} : { cluster }) };
}

/** The current sha256 of each profile by workspace-relative file, hashed on first ask. */
export function profileShas(profiles: ProfileFiles): (file: string) => string | undefined {
  const byFile = new Map([...profiles.values()].map((p) => [p.file, p.bytes]));
  const memo = new Map<string, string>();
  return (file) => {
    const bytes = byFile.get(file);
    if (bytes === undefined) return undefined;
    let sha = memo.get(file);
    if (sha === undefined) memo.set(file, (sha = createHash('sha256').update(bytes).digest('hex')));
    return sha;
  };
}
