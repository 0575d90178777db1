import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_TIMEOUT } from '@strata/core/tools';
import { describe, expect, it } from 'vitest';
import { writeFleet } from './fleet.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('writeFleet', () => {
  it('generates distinct clusters that the real CLI renders without findings', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-fleet-'));
    const names = writeFleet(join(REPO, 'clusters'), root, 7);
    expect(names).toEqual(['homelab-000', 'chromebox-lab-001', 'edge-bgp-002', 'homelab-003', 'chromebox-lab-004', 'edge-bgp-005', 'homelab-006']);
    expect(readFileSync(join(root, 'clusters/homelab-003/cluster.yaml'), 'utf8')).toContain('address: 192.168.3.11');
    // Built from the examples' profiles plus a rollout ring each.
    expect(readFileSync(join(root, 'clusters/homelab-003/cluster.yaml'), 'utf8')).toContain('profiles: [flux, ring-3]');
    expect(readFileSync(join(root, 'clusters/edge-bgp-005/cluster.yaml'), 'utf8')).toContain('profiles: [base, ring-1]');
    const res = spawnSync(process.execPath, [join(REPO, 'apps/compiler/bin/strata.js'), 'render', '--root', root], { encoding: 'utf8' });
    expect(res.stdout).toBe('');
    expect(res.status).toBe(0);
  }, E2E_TIMEOUT);
});
