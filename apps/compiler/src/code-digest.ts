import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strataScopeDir } from './components.ts';
import { listFiles } from './tree.ts';

// The code part of the render and validate cache keys: one digest, so both caches
// are invalidated by the same things.

/** Per process, by packages folder and workspace: the code and dependencies do not change while a command runs. */
const fingerprints = new Map<string, string>();

/**
 * sha256 over what decides a verdict besides the workspace's files: the
 * source of every installed `@strata/*` package (the compiler, every
 * component, the policy rules and object validators; tests and fixtures left
 * out) with its package.json (name, version, `strata` key: the component set),
 * the lockfiles that pin every other dependency (kubernetes-models, yaml, ajv:
 * npm's `node_modules/.package-lock.json` beside the packages, and the
 * workspace's `package-lock.json`), and the Node.js version.
 */
export function codeDigest(root: string, scope: string | undefined = strataScopeDir()): string {
  const memo = `${scope ?? ''}\0${root}`;
  const known = fingerprints.get(memo);
  if (known !== undefined) return known;
  const hash = createHash('sha256').update(`node ${process.version}\0`);
  for (const name of scope === undefined ? [] : readdirSync(scope).sort()) {
    let dir: string;
    try {
      dir = realpathSync(join(scope!, name));
    } catch {
      continue;
    }
    const files = [...listFiles(join(dir, 'src')).map((f) => `src/${f}`), ...listFiles(join(dir, 'bin')).map((f) => `bin/${f}`), 'package.json'];
    for (const file of files.filter(isSource)) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, file));
      } catch {
        continue;
      }
      hash.update(`${name}/${file}\0`).update(bytes).update('\0');
    }
  }
  const lockfiles: [string, string | undefined][] = [
    ['installed', scope === undefined ? undefined : join(dirname(scope), '.package-lock.json')],
    ['installer', scope === undefined ? undefined : join(dirname(dirname(scope)), 'package-lock.json')],
    ['workspace', join(root, 'package-lock.json')],
  ];
  for (const [label, file] of lockfiles) {
    let bytes: Buffer | undefined;
    try {
      bytes = file === undefined ? undefined : readFileSync(file);
    } catch {
      // absent: hashed as such
    }
    hash.update(`${label}\0`).update(bytes ?? 'absent').update('\0');
  }
  const fingerprint = hash.digest('hex');
  fingerprints.set(memo, fingerprint);
  return fingerprint;
}

function isSource(file: string): boolean {
  return file === 'package.json' || !/\.test\.ts$|(^|\/)__(fixtures|snapshots)__\//.test(file);
}
