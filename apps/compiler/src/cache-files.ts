// node: builtins only: the resolve cache imports this before anything else loads.
// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { randomBytes } = process.getBuiltinModule('node:crypto');
const { chmodSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');

/**
 * Writes `data` to `file` through a temp file beside it and a rename, so a
 * reader (another run, a crash's next run) sees the old file or the new one,
 * never half of one; with `mode`, the file has it whatever the umask. The temp
 * file goes if the write fails; the error is thrown.
 */
export function writeWhole(file: string, data: string | NodeJS.ArrayBufferView, mode?: number): void {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A day: how long the cache files of another install are kept once this install wrote its own. */
export const STALE_MS = 24 * 3600 * 1000;

/** Removes the files (and folders) in `folder` that `others` picks and nobody touched for {@link STALE_MS}; never throws. */
export function removeStale(folder: string, others: (name: string) => boolean, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names.filter(others)) {
    try {
      if (now - statSync(join(folder, name)).mtimeMs > STALE_MS) rmSync(join(folder, name), { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}

/** Writes why a cache build failed to `file` (a `.failed` marker: while it is there, the build is not tried again); never throws. */
export function recordFailure(file: string, err: unknown): void {
  try {
    writeWhole(file, `${err instanceof Error ? err.message : String(err)}\n`);
  } catch {
    // Nowhere to say it: the next run tries again.
  }
}

/**
 * Runs `build` in the run that claims `wanted` (a note that a build is wanted):
 * the note is renamed to a name of this process's own, so of runs ending
 * together one builds, and removed once done. Undefined when there was no
 * note to claim, or when `failed` says an earlier build failed; a throw is
 * recorded in `failed` ({@link recordFailure}). Never throws.
 */
export async function buildIfClaimed<R>(wanted: string, failed: string, build: (claimed: string) => Promise<R>): Promise<R | 'failed' | undefined> {
  if (existsSync(failed)) return undefined;
  const claimed = `${wanted}.${process.pid}`;
  try {
    renameSync(wanted, claimed);
  } catch {
    return undefined;
  }
  try {
    return await build(claimed);
  } catch (err) {
    recordFailure(failed, err);
    return 'failed';
  } finally {
    rmSync(claimed, { force: true });
  }
}
