import { describe, expect, it } from 'vitest';
import { EXTERNAL_DNS, HEADLAMP, KUBE_PROMETHEUS_STACK, KUBERNETES_DASHBOARD } from './pins.ts';

describe('pins', () => {
  const pins = { KUBE_PROMETHEUS_STACK, EXTERNAL_DNS, HEADLAMP, KUBERNETES_DASHBOARD };
  for (const [name, pin] of Object.entries(pins)) {
    it(`pins ${name} by exact version from an https repository and says where the version comes from`, () => {
      expect(pin.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin.appVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin.repository).toMatch(/^https:\/\/.+\/$|^https:\/\/[^ ]+[^/]$/);
      expect(pin.source).toMatch(/\S{10,}/);
    });
  }

  it('marks only the Kubernetes Dashboard as archived', () => {
    expect(Object.values(pins).filter((p) => p.archived !== undefined).map((p) => p.chart)).toEqual(['kubernetes-dashboard']);
  });
});
