import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('default-deny', () => {
  it('warns for every namespace no default deny closes, whichever policy kind leaves it open', () => {
    expect(runFixture('default-deny', 'fail')).toEqual([
      'rendered/lab/controllers/namespaces/namespace-half.yaml Namespace/half: warning: [default-deny] namespace half is not under a default-deny policy: every pod in the cluster can reach its pods',
      'rendered/lab/controllers/namespaces/namespace-open.yaml Namespace/open: warning: [default-deny] namespace open is not under a default-deny policy: every pod in the cluster can reach its pods',
    ]);
  });

  it('accepts namespaces closed by a clusterwide Cilium policy or by their own NetworkPolicy', () => {
    expect(runFixture('default-deny', 'pass')).toEqual([]);
  });
});
