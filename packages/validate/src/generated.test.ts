import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePackage, OUT_DIR, serialise, slugOf } from '../scripts/generate.ts';
import { MODEL_PACKAGES } from './registry.ts';

// Regenerating all packages takes a few seconds: cheap enough to compare
// bytes instead of trusting a fingerprint.
describe('src/generated/', () => {
  it.each(MODEL_PACKAGES.map((p) => [slugOf(p.name), p] as const))(
    '%s.json matches the installed model package (run `npm run generate -w @strata/validate`)',
    (slug, pkg) => {
      const committed = readFileSync(join(OUT_DIR, `${slug}.json`), 'utf8');
      expect(committed === serialise(generatePackage(pkg)), `src/generated/${slug}.json is stale: run npm run generate -w @strata/validate`).toBe(true);
    },
    30_000,
  );
});
