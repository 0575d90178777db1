import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSETS, type Asset, KUBECONFORM_VERSION, RELEASE_URL } from './pins.ts';

/** Where the binary came from, for messages and tests. */
export type Source = 'env' | 'path' | 'cache' | 'download';

export interface Resolved {
  readonly path: string;
  readonly source: Source;
}

export interface ResolveOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform?: string;
  /** Overrides the pinned assets (tests serve their own archive). */
  readonly assets?: Readonly<Record<string, Asset>>;
  /** Download timeout in milliseconds. */
  readonly timeoutMs?: number;
}

/** A failure the user can act on: printed as one message, exit 3. */
export class NotRunError extends Error {}

const OWN_BIN = realpathSync(fileURLToPath(new URL('../bin/kubeconform.js', import.meta.url)));

/** An existing file this process may execute. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `kubeconform` on PATH that is not the wrapper (this package's bin, which
 * node_modules/.bin links to; another checkout's when `wrapper` names it), and
 * whether the wrapper was passed over on the way.
 */
export function kubeconformOnPath(env: ResolveOptions['env'], wrapper: string = OWN_BIN): { readonly path: string | undefined; readonly skippedWrapper: boolean } {
  let own: string | undefined;
  try {
    own = realpathSync(wrapper);
  } catch {
    own = undefined;
  }
  let skippedWrapper = false;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'kubeconform');
    if (!isExecutable(candidate)) continue;
    try {
      if (realpathSync(candidate) === own) {
        skippedWrapper = true;
        continue;
      }
    } catch {
      continue;
    }
    return { path: candidate, skippedWrapper };
  }
  return { path: undefined, skippedWrapper };
}

export function cacheDir(env: ResolveOptions['env']): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'strata', 'kubeconform', KUBECONFORM_VERSION);
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new NotRunError(`could not download ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  if (!res.ok) throw new NotRunError(`could not download ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * Downloads the pinned archive, verifies its sha256, extracts `kubeconform`
 * and moves it into the cache in one rename, so a half-finished download is
 * never used.
 */
async function install(asset: Asset, env: ResolveOptions['env'], timeoutMs: number): Promise<string> {
  const mirror = env.KUBECONFORM_MIRROR;
  const url = `${mirror !== undefined && mirror !== '' ? mirror.replace(/\/+$/, '') : RELEASE_URL}/${asset.file}`;
  const archive = await download(url, timeoutMs);
  const actual = createHash('sha256').update(archive).digest('hex');
  if (actual !== asset.sha256) {
    throw new NotRunError(`refusing ${url}: sha256 ${actual} does not match the pinned ${asset.sha256}`);
  }
  const dir = cacheDir(env);
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(dir), '.download-'));
  try {
    writeFileSync(join(tmp, asset.file), archive);
    const tar = spawnSync('tar', ['-xzf', join(tmp, asset.file), '-C', tmp, 'kubeconform'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new NotRunError(`could not unpack ${asset.file}: ${tar.stderr.trim() || tar.error?.message}`);
    rmSync(join(tmp, asset.file));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return join(dir, 'kubeconform');
}

/** Finds the real kubeconform: $KUBECONFORM_BIN, PATH, the cache, then a verified download. */
export async function resolveKubeconform(opts: ResolveOptions): Promise<Resolved> {
  const { env } = opts;
  const explicit = env.KUBECONFORM_BIN;
  if (explicit !== undefined && explicit !== '') {
    if (!isExecutable(explicit)) throw new NotRunError(`KUBECONFORM_BIN=${explicit} is not an executable file`);
    return { path: explicit, source: 'env' };
  }
  const fromPath = kubeconformOnPath(env).path;
  if (fromPath !== undefined) return { path: fromPath, source: 'path' };
  const cached = join(cacheDir(env), 'kubeconform');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };
  const platform = opts.platform ?? `${process.platform}-${process.arch}`;
  const asset = (opts.assets ?? ASSETS)[platform];
  if (asset === undefined) throw new NotRunError(`no pinned kubeconform release for ${platform}; install kubeconform and put it on PATH or in KUBECONFORM_BIN`);
  return { path: await install(asset, env, opts.timeoutMs ?? 30_000), source: 'download' };
}

/** The bin: resolve, then run the real binary with the same arguments and exit code. */
export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  let resolved: Resolved;
  try {
    resolved = await resolveKubeconform({ env });
  } catch (err) {
    if (!(err instanceof NotRunError)) throw err;
    const optional = env.KUBECONFORM_OPTIONAL === '1';
    process.stderr.write(
      `kubeconform NOT RUN: ${err.message}\n` +
        `  tried: $KUBECONFORM_BIN, kubeconform on PATH, ${cacheDir(env)}, then the pinned ${KUBECONFORM_VERSION} download\n` +
        '  fix: install kubeconform, set KUBECONFORM_BIN, or set KUBECONFORM_MIRROR to a reachable copy of the release assets\n' +
        (optional ? '  KUBECONFORM_OPTIONAL=1: exiting 0 although NOTHING WAS CHECKED\n' : ''),
    );
    return optional ? 0 : 3;
  }
  return new Promise((resolve) => {
    const child = spawn(resolved.path, [...args], { stdio: 'inherit' });
    child.on('error', (err) => {
      process.stderr.write(`kubeconform NOT RUN: ${resolved.path}: ${err.message}\n`);
      resolve(3);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
