/**
 * Tools the machine shares beside the repository (`<repo>/../shared/tools`),
 * such as the offline kubeconform. A user's clone has no such folder, so a
 * test that needs one skips, loudly, when it is missing; `.ci/run` sets
 * STRATA_REQUIRE_SHARED_TOOLS=1 to make a missing tool a failure instead.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.ts';

/** A shared tool: its path, or why a test cannot use it. */
export type SharedTool = { readonly path: string } | { readonly skip: string };

function sharedTool(relative: string): SharedTool {
  const path = join(REPO, '..', 'shared', 'tools', relative);
  try {
    accessSync(path, constants.X_OK);
    return { path };
  } catch {
    return { skip: `${path} is missing or not executable` };
  }
}

/** kubeconform 0.7.0, strict and offline (go-yaml v2 through sigs.k8s.io/yaml, like kubectl). */
export const KC_STRICT: SharedTool = sharedTool('kubeconform/kc-strict');

/**
 * The path of `tool` for the running test. When the tool is missing, the
 * reason goes to stderr and the test is skipped with it (`skip` is the test
 * context's), or, with STRATA_REQUIRE_SHARED_TOOLS=1, the test fails.
 */
export function useSharedTool(tool: SharedTool, skip: (note: string) => never): string {
  if ('path' in tool) return tool.path;
  if (process.env.STRATA_REQUIRE_SHARED_TOOLS === '1') throw new Error(`${tool.skip}, and STRATA_REQUIRE_SHARED_TOOLS=1 requires it`);
  process.stderr.write(`skipped: ${tool.skip}\n`);
  return skip(tool.skip);
}
