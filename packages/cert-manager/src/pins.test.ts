import { describe, expect, it } from 'vitest';
import {
  CERT_MANAGER_CHART,
  CERT_MANAGER_CHART_REPOSITORY,
  CERT_MANAGER_PINS,
  CERT_MANAGER_VERSIONS,
  type CertManagerPin,
  DEFAULT_CERT_MANAGER_VERSION,
  isEndOfLife,
  LETS_ENCRYPT_SERVERS,
  pinOf,
  SUPPORT_AS_OF,
  supportedVersions,
} from './pins.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const pins: readonly CertManagerPin[] = CERT_MANAGER_PINS;

describe('pins', () => {
  it('offers exact chart versions (with the v the OCI tags keep) from the OCI repository, oldest first', () => {
    for (const p of pins) expect(p.version).toMatch(/^v\d+\.\d+\.\d+$/);
    const sorted = [...pins].map((p) => p.version).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(pins.map((p) => p.version)).toEqual(sorted);
    expect(pins.map((p) => p.version)).toEqual([...CERT_MANAGER_VERSIONS]);
    expect(CERT_MANAGER_CHART_REPOSITORY).toBe('oci://quay.io/jetstack/charts');
    expect(CERT_MANAGER_CHART).toBe('cert-manager');
  });

  it('gives every pin an end-of-life date or the reason it is unknown, a digest or the reason it is missing, and a source', () => {
    for (const p of pins) {
      if (p.eol === undefined) expect(p.eolPending ?? '').toMatch(/\S{10,}/);
      else expect(p.eol).toMatch(ISO_DATE);
      if (p.digest === undefined) expect(p.digestPending ?? '').toMatch(/\S{10,}/);
      else expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(p.source).toMatch(/reference §|tag v\d+\.\d+\.\d+ of cert-manager\/cert-manager/);
    }
    expect(SUPPORT_AS_OF).toMatch(ISO_DATE);
  });

  it("records v1.21.1's tag commit and Chart.yaml kubeVersion, and keeps its digest pending until it is resolved", () => {
    const pin = pinOf('v1.21.1')!;
    expect(pin.source).toContain('commit 24e33194fb39488eff2bbf10c6dc640f407cad44');
    expect(pin.source).toContain('kubeVersion ">= 1.22.0-0"');
    expect(pin.digest).toBeUndefined();
    expect(pin.digestPending).toMatch(/crane digest/);
    expect(pin.kubernetes).toEqual({ min: '1.33', max: '1.36', source: 'cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)' });
  });

  it('never offers v1.19.0, which may re-issue certificates needlessly', () => {
    expect(pins.map((p) => p.version)).not.toContain('v1.19.0');
  });

  it('defaults to a version that is supported as of the review date', () => {
    const pin = pinOf(DEFAULT_CERT_MANAGER_VERSION);
    expect(pin).toBeDefined();
    expect(isEndOfLife(pin!)).toBe(false);
    expect(supportedVersions()).toEqual(['v1.21.1']);
  });

  it('counts a version as end of life from its EOL day on', () => {
    const pin = pinOf('v1.19.1')!;
    expect(isEndOfLife(pin, '2026-07-07')).toBe(false);
    expect(isEndOfLife(pin, '2026-07-08')).toBe(true);
  });

  it("points at Let's Encrypt's production and staging ACME directories over https", () => {
    expect(LETS_ENCRYPT_SERVERS).toEqual({
      production: 'https://acme-v02.api.letsencrypt.org/directory',
      staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    });
  });
});
