import { describe, expect, it, vi } from 'vitest';
import { exampleSpec, load, loadValid, syntheticSpec } from './__fixtures__/spec.ts';

const linesOf = (spec: Parameters<typeof load>[0], pki: object) => load(spec, pki).lines;

describe('checkPki', () => {
  it('accepts the chromebox-lab example with defaults', () => {
    expect(linesOf(exampleSpec('chromebox-lab'), {})).toEqual([]);
  });

  it('accepts the block documented for clusters/chromebox-lab', () => {
    const block = { validity: { root: '350400h', intermediate: '1440h', leaf: '336h' }, renewAt: '2/3', jitterWindow: '1h', apiServer: { extraSANs: [] }, etcd: true };
    expect(linesOf(exampleSpec('chromebox-lab'), block)).toEqual([]);
  });

  it('leaves a cluster without a control-plane node to the core check', () => {
    expect(linesOf(syntheticSpec(2, 0), {})).toEqual([expect.stringMatching(/spec\.network\.nodes: no node has the role control-plane; a cluster needs at least one$/)]);
  });

  it('rejects leaves that live as long as their intermediates', () => {
    expect(linesOf(syntheticSpec(1), { validity: { intermediate: '14d', leaf: '336h' } })).toEqual([
      expect.stringMatching(/spec\.pki\.validity\.leaf: leaf lifetime 336h must be shorter than the intermediate lifetime 336h$/),
    ]);
  });

  it('rejects a schedule where nodes would rotate at once, naming the first clash', () => {
    expect(linesOf(syntheticSpec(50), { jitterWindow: '5h' })).toEqual([
      expect.stringMatching(
        /spec\.pki\.renewAt: the rotation schedule fails in a simulated 400-day run \(\d+ problems\); first: node-44, .* and node-50 renew in the same 5h window starting day 0 00:00$/,
      ),
    ]);
  });

  it('warns when kube-proxy is turned on beside Cilium\'s replacement', () => {
    expect(linesOf(exampleSpec('chromebox-lab'), { kubeProxy: true })).toEqual([
      expect.stringMatching(/spec\.pki\.kubeProxy: warning: kube-proxy runs beside Cilium's kube-proxy replacement$/),
    ]);
  });

  it('rejects a lifetime or fraction the schema does not know', () => {
    const lines = linesOf(syntheticSpec(1), { validity: { leaf: '2w' }, renewAt: '3/2' });
    expect(lines.some((l) => l.includes('spec.pki.validity.leaf'))).toBe(true);
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe('checkPki on a fleet', () => {
  /** syntheticSpec with its nodes renamed: the same schedule, other names in the problems. */
  const renamed = (n: number) => {
    const spec = syntheticSpec(n);
    for (const node of (spec.spec.network as { nodes: { name: string }[] }).nodes) node.name = `host-${node.name}`;
    return spec;
  };
  // The first is the base; the next ten each change one input of the simulation (all fail but the 4h window); the last two pass.
  const variants: [ReturnType<typeof syntheticSpec>, object][] = [
    [syntheticSpec(50), { jitterWindow: '5h' }],
    [renamed(50), { jitterWindow: '5h' }],
    [syntheticSpec(49), { jitterWindow: '5h' }],
    [syntheticSpec(50, 2), { jitterWindow: '5h' }],
    [syntheticSpec(50), { jitterWindow: '4h' }],
    [syntheticSpec(50), { jitterWindow: '5h', renewAt: '3/4' }],
    [syntheticSpec(50), { jitterWindow: '5h', validity: { leaf: '335h' } }],
    [syntheticSpec(50), { jitterWindow: '5h', validity: { intermediate: '500h' } }],
    [syntheticSpec(50), { jitterWindow: '5h', validity: { root: '2000h' } }],
    [syntheticSpec(50), { jitterWindow: '5h', etcd: false }],
    [syntheticSpec(50), { jitterWindow: '5h', kubeProxy: false }],
    [syntheticSpec(3), {}],
    [exampleSpec('chromebox-lab'), {}],
  ];

  it('reports for each cluster what a fresh check reports, whatever clusters were checked before', async () => {
    // Loaded with the defaults (a failing block would not load), checked with the variant's block.
    const loaded = variants.map(([spec, pki]) => {
      const { cluster, block, dataplane } = loadValid(spec);
      return { cluster, block: { ...block, ...pki, validity: { ...block.validity, ...(pki as { validity?: object }).validity } }, dataplane };
    });
    const { checkPki } = await import('./checks.ts');
    // Twice through one module: the second round answers from the memo.
    loaded.forEach((l) => checkPki(l.cluster, l.block, l.dataplane));
    const shared = loaded.map((l) => checkPki(l.cluster, l.block, l.dataplane));
    const fresh = [];
    for (const l of loaded) {
      vi.resetModules();
      fresh.push((await import('./checks.ts')).checkPki(l.cluster, l.block, l.dataplane));
    }
    expect(shared).toEqual(fresh);
    // Same schedule, other node names: a memo keyed on the schedule alone would answer with the first.
    expect(shared[1]).not.toEqual(shared[0]);
    expect(shared.filter((issues) => issues.length === 0)).toHaveLength(3);
  });
});
