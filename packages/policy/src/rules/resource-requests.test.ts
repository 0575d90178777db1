import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('resource-requests', () => {
  it('warns about containers and init containers missing a cpu or memory request', () => {
    expect(runFixture('resource-requests', 'fail')).toEqual([
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.containers[0].resources.requests: warning: [resource-requests] container web has no memory request',
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.containers[1].resources.requests: warning: [resource-requests] container sidecar has no cpu and memory requests',
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.initContainers[0].resources.requests: warning: [resource-requests] container migrate has no cpu and memory requests',
    ]);
  });

  it('accepts both requests and leaves ephemeral containers alone', () => {
    expect(runFixture('resource-requests', 'pass')).toEqual([]);
  });
});
