import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, strata, strataIn, tempWorkspace } from './__fixtures__/cli.ts';
import { VALIDATORS_DIR } from './validator-cache.ts';

describe('the spec validator cache', () => {
  it('keeps the compiled spec schema under node_modules/.cache, and a broken entry is compiled again, not an error', async () => {
    const root = tempWorkspace(undefined, { ownValidators: true });
    const broken = readFileSync(join(root, 'clusters/homelab/cluster.yaml'), 'utf8').replace('mtu: 1500', 'mtu: 9300');
    const first = await strataIn(['render', '--cluster', 'edge-bgp'], root);
    expect(first.code).toBe(0);
    const dir = join(root, VALIDATORS_DIR);
    // The cluster spec's validator, and the profile schema's (edge-bgp builds on a profile).
    const entries = readdirSync(dir).filter((e) => e.endsWith('.cjs'));
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatch(/^[0-9a-f]{64}\.cjs$/);
      expect(readFileSync(join(dir, entry), 'utf8')).toContain('module.exports = function strataValidator(formats, require)');
    }
    // A process that ran them leaves their V8 code cache beside them (code-cache.ts), and a later one runs with it.
    const withCache = strata(['render', '--cluster', 'edge-bgp', '--force'], root);
    expect(withCache.code).toBe(0);
    for (const entry of entries) {
      // Named after the Node and flags of the process that ran them (code-cache.ts).
      const caches = readdirSync(dir).filter((e) => e.startsWith(`${entry}.`) && e.endsWith('.v8'));
      expect(caches).toHaveLength(1);
      expect(statSync(join(dir, caches[0]!)).size).toBeGreaterThan(1000);
    }
    expect(strata(['render', '--cluster', 'edge-bgp', '--force'], root)).toEqual(withCache);

    // Cached or compiled afresh, a schema error reads the same: file:line:col, message, exit 1.
    writeFileSync(join(root, 'clusters/homelab/cluster.yaml'), broken);
    const cached = await strataIn(['render', '--cluster', 'homelab'], root);
    // A new process (this one has the entries loaded already); each entry's code cache no longer matches it.
    for (const entry of entries) writeFileSync(join(dir, entry), 'module.exports = 42;\n');
    const recompiled = strata(['render', '--cluster', 'homelab'], root);
    expect(cached.code).toBe(1);
    expect(cached.stdout).toBe('clusters/homelab/cluster.yaml:31:10 spec.network.mtu: must be <= 9216\n');
    expect(recompiled).toEqual(cached);
    for (const entry of entries) expect(readFileSync(join(dir, entry), 'utf8')).toContain('strataValidator');
  }, E2E_TIMEOUT);
});
