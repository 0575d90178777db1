import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileFiles, SpecLoader } from '@strata/core';
import { PROFILES_DIR } from '@strata/core/spec-inputs';
import { sha256 } from './layout.ts';
import { specInputsText } from './sources.ts';

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
  locate: ((path: readonly (string | number)[]) => { line: number; column: number; file?: string } | undefined) | undefined,
  path: readonly (string | number)[],
): SpecPlace {
  const at = locate?.(path);
  if (at === undefined) return { file: specFile };
  const file = at.file ?? specFile;
  return { file, line: at.line, column: at.column, ...(file === specFile ? {} : { cluster }) };
}

/** A digest of the workspace files some profiles read (their `spec.manifests` and `crdSchemas`), for the render cache. */
export function profileReads(root: string, profiles: ProfileFiles): (files: readonly string[]) => string {
  const byFile = new Map([...profiles.values()].map((p) => [p.file, p.bytes]));
  const hash = sha256;
  // Each profile is parsed once per run, however many clusters build on it.
  const memo = new Map<string, string>();
  const readsOf = (file: string): string => {
    let text = memo.get(file);
    if (text === undefined) {
      const bytes = byFile.get(file);
      text = bytes === undefined ? '' : specInputsText(root, new TextDecoder().decode(bytes), hash);
      memo.set(file, text);
    }
    return text;
  };
  return (files) => hash(Buffer.from(files.map(readsOf).join('\0')));
}

/** The current sha256 of each profile by workspace-relative file, hashed on first ask. */
export function profileShas(profiles: ProfileFiles): (file: string) => string | undefined {
  const byFile = new Map([...profiles.values()].map((p) => [p.file, p.bytes]));
  const memo = new Map<string, string>();
  return (file) => {
    const bytes = byFile.get(file);
    if (bytes === undefined) return undefined;
    let sha = memo.get(file);
    if (sha === undefined) memo.set(file, (sha = sha256(bytes)));
    return sha;
  };
}

interface IndexProfiles {
  profiles?: { name: string; file: string; sha256: string }[];
}

function profilesOf(indexText: string | undefined): Map<string, string> {
  if (indexText === undefined) return new Map();
  try {
    return new Map(((JSON.parse(indexText) as IndexProfiles).profiles ?? []).map((p) => [p.name, p.sha256]));
  } catch {
    return new Map();
  }
}

/**
 * What changed in the profiles a cluster is built from, between two of its
 * index.json texts (before, after): `profile flux: d30230b4 → 1a2b3c4d`,
 * `profile edge: added`, `profile lab: removed`. Review reads these beside the
 * object changes, so a profile edit that moved a cluster says so.
 */
export function profileChanges(before: string | undefined, after: string | undefined): string[] {
  const a = profilesOf(before);
  const b = profilesOf(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.flatMap((n) => {
    const x = a.get(n);
    const y = b.get(n);
    if (x === y) return [];
    if (x === undefined) return [`profile ${n}: added`];
    if (y === undefined) return [`profile ${n}: removed`];
    return [`profile ${n}: ${x.slice(0, 8)} → ${y.slice(0, 8)}`];
  });
}
