import { describe, expect, it } from 'vitest';
import { CILIUM_CHART_REPOSITORY, CILIUM_VERSIONS, DEFAULT_CILIUM_VERSION, GATEWAY_API, GATEWAY_API_CRD_PATHS } from './pins.ts';

const EXACT = /^\d+\.\d+\.\d+$/;

describe('pins', () => {
  it('offers exact Cilium chart versions from an https repository, the default among them', () => {
    for (const v of CILIUM_VERSIONS) expect(v).toMatch(EXACT);
    expect(CILIUM_VERSIONS).toContain(DEFAULT_CILIUM_VERSION);
    expect(DEFAULT_CILIUM_VERSION.startsWith('1.18.')).toBe(true);
    expect(CILIUM_CHART_REPOSITORY).toBe('https://helm.cilium.io/');
  });

  it('pins the Gateway API CRDs by https URL, exact tag, and a 40-hex commit or the reason it is missing', () => {
    expect(GATEWAY_API.url).toMatch(/^https:\/\//);
    expect(GATEWAY_API.tag).toMatch(/^v\d+\.\d+\.\d+$/);
    if (GATEWAY_API.commit === undefined) expect(GATEWAY_API.commitPending ?? '').toMatch(/\S{10,}/);
    else expect(GATEWAY_API.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.values(GATEWAY_API_CRD_PATHS)).toEqual(['config/crd/standard', 'config/crd/experimental']);
  });
});
