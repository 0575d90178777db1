import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidatorCache, ValidatorFactory } from '@strata/core';
import { writeWhole } from './cache-files.ts';
import { requireWithCodeCache } from './code-cache.ts';

/** Where compiled spec validators are kept: local, never committed, safe to delete. */
export const VALIDATORS_DIR = 'node_modules/.cache/strata/validators';

/**
 * The spec validators of a workspace, as CommonJS modules under
 * `node_modules/.cache/strata/validators/<key>.cjs`, run with a V8 code cache
 * taken after use (code-cache.ts), which holds the validator's functions
 * compiled: their first call compiled them on every run before. The key
 * covers the schema, the options and the ajv versions; a file that cannot be
 * read or written is a cache miss, never an error.
 */
export function diskValidatorCache(root: string): ValidatorCache {
  const dir = join(root, VALIDATORS_DIR);
  const file = (key: string) => join(dir, `${key}.cjs`);
  return {
    load(key) {
      if (!existsSync(file(key))) return undefined;
      try {
        // Content-addressed (the key hashes what the code is made from), as code-cache.ts requires.
        return requireWithCodeCache(file(key)) as ValidatorFactory;
      } catch {
        return undefined;
      }
    },
    store(key, code) {
      try {
        mkdirSync(dir, { recursive: true });
        // Whole: a concurrent run never requires half a file.
        writeWhole(file(key), code);
      } catch {
        // A read-only workspace compiles on every run; nothing else changes.
      }
    },
  };
}
