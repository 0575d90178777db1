// Loaded with `node --import`: records the URL of every module the process loads, and writes
// them, one per line, to the file STRATA_MODULE_LOG names when the process exits. Tests use it to
// prove what a command does not load. A load hook, not a resolve hook: the bin's resolve cache
// answers resolutions itself (src/resolve-cache.ts), but every module is still loaded.
import { writeFileSync } from 'node:fs';
import module from 'node:module';

const seen = new Set();
module.registerHooks({
  load(url, context, next) {
    seen.add(url);
    return next(url, context);
  },
});
process.on('exit', () => {
  if (process.env.STRATA_MODULE_LOG) writeFileSync(process.env.STRATA_MODULE_LOG, [...seen].join('\n') + '\n');
});
