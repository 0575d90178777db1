// Loaded with `node --import`: records the URL of every module the process resolves, and writes
// them, one per line, to the file STRATA_MODULE_LOG names when the process exits. Tests use it to
// prove what a command does not load.
import { writeFileSync } from 'node:fs';
import module from 'node:module';

const seen = new Set();
module.registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    seen.add(resolved.url);
    return resolved;
  },
});
process.on('exit', () => {
  if (process.env.STRATA_MODULE_LOG) writeFileSync(process.env.STRATA_MODULE_LOG, [...seen].join('\n') + '\n');
});
