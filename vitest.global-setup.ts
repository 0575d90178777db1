import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temp folder a test run makes (temp workspaces, generated fleets, caches) goes under one
 * folder of its own, removed when the run ends: tests make them with mkdtemp in os.tmpdir(),
 * which follows TMPDIR, and the workers inherit it. Without this, runs left gigabytes in /tmp.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'strata-test-run-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
