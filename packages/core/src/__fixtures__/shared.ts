/**
 * Test support (`@strata/core/shared`) for what lives beside the repository, in `<repo>/../shared`
 * (reference charts, the offline kubeconform `kc-strict`): present on the
 * project's own machines, absent in a user's clone and on GitHub runners.
 *
 * The rule: present → the test runs. Absent → the test is skipped with the
 * reason printed to stderr, unless `STRATA_REQUIRE_SHARED_TOOLS=1`, which
 * makes the absence a failure (for a runner that must have them).
 *
 * ```ts
 * const kc = sharedResource('tools/kubeconform/kc-strict');
 * it.skipIf(kc.skip)('validates with kubeconform', () => { const bin = kc.need(); … });
 * it('…', (ctx) => { const charts = needShared(ctx, sharedResource('reference/charts')); … });
 * ```
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo>/../shared`: from this file, packages/core/src/__fixtures__ → the repository root → its parent. */
export const SHARED_DIR = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '..', 'shared');

/** The variable that turns a missing shared resource from a skip into a failure. */
export const REQUIRE_VARIABLE = 'STRATA_REQUIRE_SHARED_TOOLS';

export interface SharedResource {
  /** Absolute path of the resource. */
  readonly path: string;
  readonly present: boolean;
  /** Whether the tests that need it skip: absent and not required. */
  readonly skip: boolean;
  /** Why it is absent, for the skip message or the failure. */
  readonly reason: string;
  /** The path; throws (the test fails) when it is absent. */
  need(): string;
}

export interface SharedOptions {
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the skip reason goes; default stderr. */
  readonly log?: (line: string) => void;
}

const told = new Set<string>();

/**
 * Looks up `<repo>/../shared/<relative>`. When it is absent and not required,
 * says once (per path and process) on stderr which tests skip and why.
 */
export function sharedResource(relative: string, opts: SharedOptions = {}): SharedResource {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(line));
  const path = join(SHARED_DIR, relative);
  const present = existsSync(path);
  const required = env[REQUIRE_VARIABLE] === '1';
  const reason = present
    ? ''
    : `${path} is absent (a clone outside the project's machines has no ../shared)${required ? `, and ${REQUIRE_VARIABLE}=1 requires it` : `; set ${REQUIRE_VARIABLE}=1 to fail instead of skipping`}`;
  const skip = !present && !required;
  if (skip && !told.has(path)) {
    told.add(path);
    log(`skipping the tests that need ${relative}: ${reason}\n`);
  }
  return {
    path,
    present,
    skip,
    reason,
    need() {
      if (!present) throw new Error(reason);
      return path;
    },
  };
}

/**
 * Inside a test: the resource's path, or a skip of this test (vitest's
 * `ctx.skip`, with the reason) when it is absent and not required; a failure
 * when it is required.
 */
export function needShared(ctx: { skip(note?: string): void }, resource: SharedResource): string {
  if (resource.skip) {
    // vitest's context skip throws to end the test here; it is an arrow function, so it needs no `this`.
    const { skip } = ctx;
    skip(resource.reason);
    throw new Error(resource.reason);
  }
  return resource.need();
}
