import { describe, expect, it } from 'vitest';
import { DEFAULT_K8S_GATEWAY_VERSION, K8S_GATEWAY_CHART, K8S_GATEWAY_PINS, K8S_GATEWAY_REPOSITORY, K8S_GATEWAY_VERSIONS, type K8sGatewayPin, pinOf } from './pins.ts';

const pins: readonly K8sGatewayPin[] = K8S_GATEWAY_PINS;

describe('pins', () => {
  it('offers exact chart versions from the https Helm repository, oldest first, the same list as the schema enum', () => {
    for (const p of pins) expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
    const sorted = pins.map((p) => p.version).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(pins.map((p) => p.version)).toEqual(sorted);
    expect(pins.map((p) => p.version)).toEqual([...K8S_GATEWAY_VERSIONS]);
    expect(K8S_GATEWAY_REPOSITORY).toBe('https://k8s-gateway.github.io/k8s_gateway');
    expect(K8S_GATEWAY_CHART).toBe('k8s-gateway');
  });

  it('gives every pin its app version and a source naming the upstream commit it was read at', () => {
    for (const p of pins) {
      expect(p.appVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(p.source).toMatch(/github\.com\/k8s-gateway\/k8s_gateway commit [0-9a-f]{40}/);
    }
  });

  it('defaults to a pinned version', () => {
    expect(pinOf(DEFAULT_K8S_GATEWAY_VERSION)?.appVersion).toBe('1.6.0');
  });
});
