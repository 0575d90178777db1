import { describe, expect, it } from 'vitest';
import { compareVersions } from './classes.ts';
import {
  CLOUDFLARED_IMAGES,
  DEFAULT_CLOUDFLARED_VERSION,
  DEFAULT_INGRESS_NGINX_VERSION,
  INGRESS_NGINX_REPOSITORY,
  INGRESS_NGINX_KUBERNETES,
  INGRESS_NGINX_VERSIONS,
  NGF_MIN_KUBERNETES,
  NGF_REPOSITORY,
  NGF_VERSIONS,
  TRAFFIC_DISTRIBUTION_MIN_CHART,
  type ImagePin,
} from './pins.ts';

const EXACT = /^\d+\.\d+\.\d+$/;

describe('pins', () => {
  it('pairs each exact ingress-nginx chart version with the controller of the same line (4.N ↔ 1.N)', () => {
    for (const [chart, controller] of Object.entries(INGRESS_NGINX_VERSIONS)) {
      expect(chart).toMatch(EXACT);
      expect(controller).toMatch(EXACT);
      expect(chart.replace(/^4\./, '1.')).toBe(controller);
    }
    expect(Object.keys(INGRESS_NGINX_VERSIONS)).toContain(DEFAULT_INGRESS_NGINX_VERSION);
    // The default must carry the IngressNightmare fixes and the cert-manager 1.18 Exact-path fix.
    expect(INGRESS_NGINX_VERSIONS[DEFAULT_INGRESS_NGINX_VERSION]).toBe('1.13.9');
    expect(INGRESS_NGINX_REPOSITORY).toBe('https://kubernetes.github.io/ingress-nginx');
  });

  it('only offers ingress-nginx charts that have controller.service.trafficDistribution (>= 4.13.0)', () => {
    expect(TRAFFIC_DISTRIBUTION_MIN_CHART).toBe('4.13.0');
    for (const chart of Object.keys(INGRESS_NGINX_VERSIONS)) {
      expect(compareVersions(chart, TRAFFIC_DISTRIBUTION_MIN_CHART), `chart ${chart}`).toBeGreaterThanOrEqual(0);
    }
  });

  it('pins an exact NGF chart for each Gateway API bundle the reference lists, from the OCI registry', () => {
    expect(NGF_VERSIONS).toEqual({ '1.3.0': '2.2.0', '1.4.1': '2.4.0', '1.5.1': '2.6.0' });
    for (const v of Object.values(NGF_VERSIONS)) expect(v).toMatch(EXACT);
    expect(NGF_REPOSITORY).toBe('oci://ghcr.io/nginx/charts');
  });

  it('pins each cloudflared image by its calendar tag and a digest (or says why not), with a source', () => {
    for (const [version, pin] of Object.entries(CLOUDFLARED_IMAGES) as [string, ImagePin][]) {
      expect(pin.tag).toBe(version);
      expect(version).toMatch(/^20\d\d\.\d{1,2}\.\d+$/);
      expect(pin.repository).toBe('docker.io/cloudflare/cloudflared');
      if (pin.digest === undefined) expect(pin.digestPending?.length).toBeGreaterThan(20);
      else expect(pin.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(pin.source.length).toBeGreaterThan(20);
    }
    expect(Object.keys(CLOUDFLARED_IMAGES)).toContain(DEFAULT_CLOUDFLARED_VERSION);
  });

  it('gives every selectable ingress-nginx line a Kubernetes range or says why not, and every NGF release a floor', () => {
    for (const controller of Object.values(INGRESS_NGINX_VERSIONS)) {
      const row = INGRESS_NGINX_KUBERNETES[controller.split('.').slice(0, 2).join('.')];
      expect(row, controller).toBeDefined();
      if (row !== undefined && 'pending' in row) expect(row.pending.length).toBeGreaterThan(20);
      else expect(row).toMatchObject({ min: expect.stringMatching(/^1\.\d+$/), max: expect.stringMatching(/^1\.\d+$/) });
    }
    for (const ngf of Object.values(NGF_VERSIONS)) expect(NGF_MIN_KUBERNETES[ngf.split('.').slice(0, 2).join('.')], ngf).toMatch(/^1\.\d+$/);
  });

  it("takes each ingress-nginx line's range from the README's Supported Versions table, with none left pending", () => {
    expect(Object.fromEntries(Object.entries(INGRESS_NGINX_KUBERNETES).map(([line, row]) => [line, 'pending' in row ? 'pending' : `${row.min}–${row.max}`]))).toEqual({
      '1.13': '1.29–1.33',
      '1.15': '1.31–1.35',
    });
  });
});
