// Test support (`@strata/core/tools`): real tools (openssl, nix-instantiate, cfssl, shellcheck).
// In CI a missing tool fails the test; locally the test is skipped with the reason printed.
import { execFileSync } from 'node:child_process';

/**
 * Budget of a test that runs a real process over the examples (the CLI rendering, diffing, git):
 * 2–5 s alone, more while the other projects' tests share a 2-core runner, so vitest's 5 s
 * default is too tight.
 */
export const E2E_TIMEOUT = 30_000;

const CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';

/** Whether `cmd` runs; warns (locally) or marks the tool as required (CI). */
export function tool(cmd: string, versionArgs: readonly string[], apt: string): { readonly run: boolean; readonly missing?: string } {
  try {
    execFileSync(cmd, [...versionArgs], { stdio: 'ignore' });
    return { run: true };
  } catch {
    const missing = `${cmd} is not on PATH (Debian package ${apt})`;
    if (CI) return { run: true, missing };
    console.warn(`skipping the tests that need ${cmd}: ${missing}`);
    return { run: false, missing };
  }
}

/** Runs `cmd`, returning stdout; throws with stderr on failure. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; input?: string | Buffer } = {}): string {
  try {
    return execFileSync(cmd, [...args], { cwd: opts.cwd, input: opts.input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 26 }).toString('utf8');
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}${e.message}`);
  }
}
