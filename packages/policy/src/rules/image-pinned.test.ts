import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';
import { imageTag } from './image-pinned.ts';

describe('image-pinned', () => {
  it('reports latest and untagged images in every container list of every workload kind', () => {
    expect(runFixture('image-pinned', 'fail')).toEqual([
      'rendered/lab/config/apps/cronjob-apps-backup.yaml CronJob/apps/backup spec.jobTemplate.spec.template.spec.containers[0].image: [image-pinned] image restic/restic:latest is not pinned',
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.containers[0].image: [image-pinned] image nginx:latest is not pinned',
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.containers[1].image: [image-pinned] image registry.example.org:5000/tools/sidecar has no tag or digest (means latest)',
      'rendered/lab/config/apps/deployment-apps-web.yaml Deployment/apps/web spec.template.spec.initContainers[0].image: [image-pinned] image ghcr.io/example/migrate has no tag or digest (means latest)',
      'rendered/lab/config/apps/pod-apps-debug.yaml Pod/apps/debug spec.ephemeralContainers[0].image: [image-pinned] image busybox has no tag or digest (means latest)',
    ]);
  });

  it('accepts fixed tags and digests', () => {
    expect(runFixture('image-pinned', 'pass')).toEqual([]);
  });

  it('reads the tag after the last slash, so a registry port is not a tag', () => {
    expect(imageTag('registry.example.org:5000/app')).toBeUndefined();
    expect(imageTag('registry.example.org:5000/app:1.2')).toBe('1.2');
    expect(imageTag('app:1.2@sha256:00')).toBe('1.2');
  });
});
