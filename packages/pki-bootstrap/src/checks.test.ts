import { describe, expect, it } from 'vitest';
import { exampleSpec, load, syntheticSpec } from './__fixtures__/spec.ts';

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
