import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: { pull_request: { paths: string[] }; schedule: { cron: string }[]; workflow_dispatch: unknown };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { steps: Step[] }>;
}

const read = (name: string) => parse(readFileSync(`${REPO}.github/workflows/${name}`, 'utf8')) as Workflow;
const pins = read('pins.yml');
const steps = Object.values(pins.jobs).flatMap((j) => j.steps);

describe('the pins workflow', () => {
  it('runs on pull requests that touch pins, weekly, and by hand, with a read-only token', () => {
    expect(pins.on.pull_request.paths).toEqual(
      expect.arrayContaining(['packages/*/src/pins.ts', 'clusters/**', 'rendered/**', 'tools/pins-verify/**']),
    );
    expect(pins.on.schedule).toHaveLength(1);
    expect('workflow_dispatch' in pins.on).toBe(true);
    expect(pins.permissions).toEqual({ contents: 'read' });
  });

  it('lists the pins of the committed tree and proves them with the verifier', () => {
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npx strata pins --json > pins.json');
    expect(runs).toContain('npx strata-pins-verify pins.json');
    expect(runs).toMatch(/go install "github\.com\/google\/go-containerregistry\/cmd\/crane@\$\{CRANE_VERSION\}"/);
    // The wrapper downloads its pinned kubeconform release and refuses it unless the sha256 matches.
    expect(runs).toMatch(/^npx kubeconform -v$/m);
  });

  it('uses only actions the CI workflow already pins, by the same full commit', () => {
    const ci = new Set(Object.values(read('ci.yml').jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]))));
    const uses = steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
    expect(uses.length).toBeGreaterThan(2);
    for (const u of uses) {
      expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(ci.has(u)).toBe(true);
    }
  });
});
