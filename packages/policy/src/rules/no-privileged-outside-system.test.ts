import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('no-privileged-outside-system', () => {
  it('reports privileged containers and host namespaces outside the system namespaces', () => {
    expect(runFixture('no-privileged-outside-system', 'fail')).toEqual([
      'rendered/lab/config/apps/pod-debug.yaml Pod/debug spec.hostIPC: [no-privileged-outside-system] pod uses hostIPC in namespace default',
      'rendered/lab/config/apps/pod-debug.yaml Pod/debug spec.initContainers[0].securityContext.privileged: [no-privileged-outside-system] container sysctl is privileged in namespace default',
      'rendered/lab/config/monitoring/daemonset-monitoring-node-exporter.yaml DaemonSet/monitoring/node-exporter spec.template.spec.containers[0].securityContext.privileged: [no-privileged-outside-system] container exporter is privileged in namespace monitoring',
      'rendered/lab/config/monitoring/daemonset-monitoring-node-exporter.yaml DaemonSet/monitoring/node-exporter spec.template.spec.hostNetwork: [no-privileged-outside-system] pod uses hostNetwork in namespace monitoring',
      'rendered/lab/config/monitoring/daemonset-monitoring-node-exporter.yaml DaemonSet/monitoring/node-exporter spec.template.spec.hostPID: [no-privileged-outside-system] pod uses hostPID in namespace monitoring',
    ]);
  });

  it('accepts host access in kube-system and cilium, and unprivileged apps', () => {
    expect(runFixture('no-privileged-outside-system', 'pass')).toEqual([]);
  });
});
