import { describe, expect, it } from 'vitest';
import {
  CILIUM_CHART_REPOSITORY,
  CILIUM_VERSIONS,
  DEFAULT_CILIUM_VERSION,
  DEFAULT_MULTUS_VERSION,
  DHCP_DAEMON_IMAGE,
  GATEWAY_API,
  GATEWAY_API_CRD_PATHS,
  type ImagePin,
  imageRef,
  MULTUS_IMAGES,
  MULTUS_VERSIONS,
} from './pins.ts';

/** An image pin has an exact tag and a sha256 digest, or the reason it is missing, and says where it comes from. */
function expectPinned(pin: ImagePin): void {
  expect(pin.tag).not.toBe('latest');
  if (pin.digest === undefined) expect(pin.digestPending ?? '').toMatch(/\S{10,}/);
  else {
    expect(pin.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pin.digestPending).toBeUndefined();
  }
  expect(pin.source).toMatch(/\S{10,}/);
}

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
  });

  it('pins Gateway API v1.3.0 to the commit its tag points to, with no pending note', () => {
    expect(GATEWAY_API).toEqual({ url: 'https://github.com/kubernetes-sigs/gateway-api', tag: 'v1.3.0', commit: '40be951cebe5cb3f0365fe6951403de4ff8b9f33' });
  });

  it("syncs each Gateway API channel from a folder holding upstream's kustomization.yaml (standard: config/crd, its standard/ has none)", () => {
    expect(GATEWAY_API_CRD_PATHS).toEqual({ standard: 'config/crd', experimental: 'config/crd/experimental' });
  });

  it('pins each offered Multus release to its thick image by exact tag and digest, the default among them', () => {
    expect(MULTUS_VERSIONS).toContain(DEFAULT_MULTUS_VERSION);
    for (const v of MULTUS_VERSIONS) {
      expect(v).toMatch(/^v\d+\.\d+\.\d+$/);
      const pin = MULTUS_IMAGES[v];
      expect(pin.repository).toBe('ghcr.io/k8snetworkplumbingwg/multus-cni');
      expect(pin.tag).toBe(`${v}-thick`);
      expectPinned(pin);
    }
    expect(imageRef(MULTUS_IMAGES['v4.2.4'])).toBe(
      'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.4-thick@sha256:3c20900b5381fac7f9cbbdfac8370ea10a2f6ed7fbecc678384a9db57047abb1',
    );
  });

  it('pins the DHCP daemon image by exact tag, and by digest or the reason it is missing', () => {
    expect(DHCP_DAEMON_IMAGE.tag).toMatch(/^\d+\.\d+\.\d+$/);
    expectPinned(DHCP_DAEMON_IMAGE);
    expect(imageRef(DHCP_DAEMON_IMAGE)).toBe(DHCP_DAEMON_IMAGE.digest === undefined ? 'docker.io/library/busybox:1.37.0' : `docker.io/library/busybox:1.37.0@${DHCP_DAEMON_IMAGE.digest}`);
  });
});
