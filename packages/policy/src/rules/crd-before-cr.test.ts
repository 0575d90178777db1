import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('crd-before-cr', () => {
  it('reports custom resources in the layer of their CRD or earlier, and cilium.io resources before config', () => {
    expect(runFixture('crd-before-cr', 'fail')).toEqual([
      'rendered/lab/controllers/cilium-dataplane/ciliumloadbalancerippool-lab.yaml CiliumLoadBalancerIPPool/lab: [crd-before-cr] CiliumLoadBalancerIPPool is in layer controllers, but its CRD is created by the Cilium operator in layer controllers: it must come in a later layer',
      'rendered/lab/controllers/widgets/widget-apps-one.yaml Widget/apps/one: [crd-before-cr] Widget is in layer controllers, but its CustomResourceDefinition/widgets.example.org is in layer controllers: it must come in a later layer',
      'rendered/lab/crds/widgets/widget-apps-two.yaml Widget/apps/two: [crd-before-cr] Widget is in layer crds, but its CustomResourceDefinition/widgets.example.org is in layer controllers: it must come in a later layer',
    ]);
  });

  it('accepts custom resources in any later layer and ignores the engine folder', () => {
    expect(runFixture('crd-before-cr', 'pass')).toEqual([]);
  });
});
