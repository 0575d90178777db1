// How fast the filesystem creates files, and waiting until that is its usual speed
// before a step that writes the fleet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creating files is far slower on some filesystems for a few minutes after
 * many were deleted: ext4 without a journal (this machine's) skips every inode
 * freed in the last minute or more when it allocates one, so after `npm test`
 * or an earlier bench removed tens of thousands of files, writing 76,000 took
 * 300 µs a file instead of 13–40 µs, and a render of 1,000 clusters 36 s instead
 * of 20 s. Part-way (probes at 47 and 72 µs) it still put 10–15 s of system time into a
 * render; settled, probes read 10–32 µs. That is the kernel's time, not strata's: the bench measures it, and
 * waits for it to pass before a step that writes the fleet.
 */
export const SLOW_US_PER_FILE = 40;

/**
 * Microseconds per file to create `folders` × `perFolder` small files in a
 * new folder under `dir`, spread over folders as a render spreads its own
 * (the kernel places new folders across its inode groups, and the slow
 * window is per group). The files stay: removing them would put them among
 * the recently deleted inodes the next probe, and the step after it, must
 * skip. The caller removes `dir` when it is done (the bench, its whole temp
 * folder).
 */
export function creationSpeed(dir: string, folders = 40, perFolder = 50): number {
  const probe = join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`);
  const start = performance.now();
  for (let f = 0; f < folders; f++) {
    const folder = join(probe, `d${f}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < perFolder; i++) writeFileSync(join(folder, `f${i}`), 'x');
  }
  return ((performance.now() - start) * 1000) / (folders * perFolder);
}

export interface Settled {
  /** µs per file at the last probe. */
  readonly usPerFile: number;
  /** How long it waited (0 when the first probe was fast). */
  readonly waitedMs: number;
  /** Whether the last probe was below {@link SLOW_US_PER_FILE}. */
  readonly settled: boolean;
}

export interface SettleOptions {
  readonly probe: () => number;
  readonly sleep: (ms: number) => void;
  readonly everyMs?: number;
  readonly maxMs?: number;
  readonly slowUs?: number;
}

/**
 * Probes until file creation is fast in two probes in a row, one `everyMs`
 * apart (the slow window passes inode group by inode group, so one fast probe
 * can come while the groups a render will write to are still slow: a probe at
 * 47 µs once preceded 14.6 s of system time in a render), waiting at most
 * `maxMs` in all.
 */
export function settle(opts: SettleOptions): Settled {
  const { everyMs = 10_000, maxMs = 240_000, slowUs = SLOW_US_PER_FILE } = opts;
  let waitedMs = 0;
  let usPerFile = opts.probe();
  let fastInARow = usPerFile < slowUs ? 1 : 0;
  // Fast at once: the filesystem had been quiet, no second probe needed.
  if (fastInARow === 1) return { usPerFile, waitedMs, settled: true };
  while (fastInARow < 2 && waitedMs + everyMs <= maxMs) {
    opts.sleep(everyMs);
    waitedMs += everyMs;
    usPerFile = opts.probe();
    fastInARow = usPerFile < slowUs ? fastInARow + 1 : 0;
  }
  return { usPerFile, waitedMs, settled: usPerFile < slowUs };
}

/** A blocking sleep (the bench runs its steps one after the other). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The line the bench prints about it. */
export function settledText(s: Settled): string {
  const speed = `${s.usPerFile.toFixed(0)} µs a file`;
  if (!s.settled) return `file creation still slow (${speed}) after waiting ${(s.waitedMs / 1000).toFixed(0)} s: the figures below include the kernel's time`;
  return s.waitedMs === 0 ? `file creation ${speed}` : `file creation ${speed} after waiting ${(s.waitedMs / 1000).toFixed(0)} s for recently deleted files to age out`;
}
