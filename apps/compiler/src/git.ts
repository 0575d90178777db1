import { execFileSync } from 'node:child_process';
import { finding, StrataError } from '@strata/core';

function git(root: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync('git', ['-C', root, ...args], { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0] ?? (err as Error).message;
    throw new StrataError([finding('WORKSPACE', `git ${args[0]} failed: ${stderr}`, { hint: 'pass a commit, branch or tag that exists, e.g. --base origin/main' })]);
  }
}

/**
 * The files under `prefix` at git `ref`, path → content, read with one
 * `git cat-file --batch` call (fast for thousands of files).
 */
export function filesAtRef(root: string, ref: string, prefix: string): Map<string, string> {
  const names = git(root, ['ls-tree', '-r', '-z', '--name-only', ref, '--', prefix])
    .toString('utf8')
    .split('\0')
    .filter((n) => n !== '');
  const out = new Map<string, string>();
  if (names.length === 0) return out;
  const batch = git(root, ['cat-file', '--batch'], names.map((n) => `${ref}:${n}\n`).join(''));
  let at = 0;
  for (const name of names) {
    const eol = batch.indexOf(0x0a, at);
    const header = batch.subarray(at, eol).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new Error(`unexpected git cat-file output for ${name}: ${header}`);
    out.set(name, batch.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return out;
}
