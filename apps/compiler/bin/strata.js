#!/usr/bin/env -S node --max-semi-space-size=16
// --max-semi-space-size=16: a render allocates many short-lived objects; a 16 MB young
// generation keeps peak memory about a third lower at no cost in time (npm run bench).
// Entry shim: plain JavaScript so it runs on any Node. On a Node older than
// 22.18 it re-runs itself with the Node 24 that .ci/run installs from the npm
// registry (under ~/.cache/strata-ci), or explains what to do.
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  // Node's on-disk cache of compiled modules (and stripped TypeScript): start-up is mostly
  // loading and compiling the packages. Off with NODE_DISABLE_COMPILE_CACHE=1.
  module.enableCompileCache?.();
  // Beside it, the modules' resolutions, one bundle of the object models and one of strata's own
  // code (src/start-caches.ts). Off with STRATA_NO_RESOLVE_CACHE=1, STRATA_NO_MODEL_BUNDLE=1 and
  // STRATA_NO_CODE_BUNDLE=1.
  // A reader that stops early (`strata spec --json | head`) closes the pipe: what is left to print
  // goes nowhere, quietly, and the command still ends with its own exit code (findings stay exit 1
  // under `set -o pipefail`), not with a stack trace. Any other failure to write its output is said
  // in one sentence (exit 3).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
      if (stream === process.stdout) process.stderr.write(`strata: cannot write its output: ${err.message}\n`);
      process.exit(3);
    });
  }
  const argv = process.argv.slice(2);
  const caches = await import('../src/start-caches.ts');
  const bundled = caches.installStartCaches({ owner: true, argv });
  const { main } = await import(bundled?.href ?? '../src/main.ts');
  await main(argv);
  await caches.finishStartCaches();
} else {
  // Loaded only here: a run on a current Node has no use for them (child_process alone is a dozen internal modules).
  const { spawnSync } = await import('node:child_process');
  const { existsSync, readdirSync } = await import('node:fs');
  const { homedir } = await import('node:os');
  const { join } = await import('node:path');
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'strata-ci');
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const candidates = existsSync(cache)
    ? readdirSync(cache)
        .filter((d) => d.startsWith('node-') && d.endsWith(`-${process.platform}-${arch}`))
        .sort()
        .reverse()
        .map((d) => join(cache, d, 'node_modules', `node-${process.platform}-${arch}`, 'bin', 'node'))
        .filter((p) => existsSync(p))
    : [];
  if (candidates.length > 0 && process.env.STRATA_REEXEC !== '1') {
    const res = spawnSync(candidates[0], [process.argv[1], ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, STRATA_REEXEC: '1' },
    });
    process.exitCode = res.status ?? 3;
  } else {
    process.stderr.write(
      `strata needs Node.js >= 22.18 (this is ${process.version}); run \`nvm use\` (the repo's .nvmrc says 24), or run .ci/run once to install Node 24 from the npm registry.\n`,
    );
    process.exitCode = 2;
  }
}
