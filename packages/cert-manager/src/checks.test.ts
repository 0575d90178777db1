import type { FactsPart } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, HOMELAB } from './__fixtures__/examples.ts';
import { gateway, gatewayHost, ingressClass, ingressHost } from './__fixtures__/facts.ts';
import { load } from './__fixtures__/spec.ts';

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
function problems(certManager: object, facts: FactsPart = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return load(certManager, { facts })
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

const EMAIL = 'ops@example.org';
const PROD = { name: 'letsencrypt-prod', acme: { letsEncrypt: 'production', email: EMAIL } };
const CA = { name: 'internal-ca', ca: { secretName: 'root-ca' } };
const NGINX = ingressClass('nginx');
const web = (host = 'web.example.org', index = 0, issuer?: string) => ingressHost(host, 'nginx', 'web-tls', 'web', index, issuer);
/** An ACME issuer serving one host through class nginx, plus the CA. */
const base = { defaultIssuer: 'letsencrypt-prod', issuers: [PROD, CA] };
const baseFacts: FactsPart = { tlsHosts: [web()], httpEntrypoints: [NGINX] };

describe('the example blocks', () => {
  it('load without findings', () => {
    for (const ex of [CHROMEBOX_LAB, HOMELAB, EDGE_BGP]) expect(load(ex.certManager, ex.opts).lines).toEqual([]);
  });
});

describe('version checks', () => {
  it('warns about an end-of-life version, naming the supported ones', () => {
    const found = load({ ...base, version: 'v1.19.1' }, { facts: baseFacts });
    expect(found.cluster).toBeDefined();
    expect(found.findings.map((f) => [f.severity, f.path, f.message, f.hint])).toEqual([
      [
        'warning',
        'spec.certManager.version',
        'cert-manager v1.19.1 reached end of life on 2026-07-08 (support reviewed 2026-11-29) and gets no more security fixes; supported: v1.21.1',
        'set version: v1.21.1',
      ],
    ]);
    expect(problems({ ...base, version: 'v1.18.0' }, baseFacts, 'all')).toEqual([
      'spec.certManager.version: warning: cert-manager v1.18.0 reached end of life on 2026-03-10 (support reviewed 2026-11-29) and gets no more security fixes; supported: v1.21.1',
    ]);
  });

  it('accepts a supported version without a warning', () => {
    expect(problems({ ...base, version: 'v1.21.1' }, baseFacts, 'all')).toEqual([]);
  });

  it('rejects a version that is not pinned, through the schema, with file:line:col', () => {
    expect(load({ ...base, version: 'v1.19.0' }, { facts: baseFacts }).lines).toEqual([
      'cluster.yaml:33:14 spec.certManager.version: must be one of: v1.18.0, v1.19.1, v1.21.1',
    ]);
  });
});

describe('issuer checks', () => {
  it('rejects duplicate issuer names', () => {
    expect(problems({ issuers: [CA, { ...CA, ca: { secretName: 'other-ca' } }] })).toEqual([
      'spec.certManager.issuers[1].name: issuer name "internal-ca" is already used by spec.certManager.issuers[0]',
    ]);
  });

  it('rejects an issuer with neither or both of acme and ca', () => {
    expect(problems({ issuers: [{ name: 'none' }, { name: 'both', acme: PROD.acme, ca: CA.ca }] })).toEqual([
      'spec.certManager.issuers[0]: issuer none must have exactly one of acme or ca',
      'spec.certManager.issuers[1]: issuer both must have exactly one of acme or ca',
    ]);
  });

  it('rejects an ACME issuer without email, and accepts it with one', () => {
    const found = load({ ...base, issuers: [{ name: 'letsencrypt-prod', acme: { letsEncrypt: 'production' } }] }, { facts: baseFacts });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.certManager.issuers[0].acme',
        "ACME issuer letsencrypt-prod has no email: Let's Encrypt ties the account to it, and it is the only way to reach you about the account",
        'add acme.email, e.g. a team mailbox',
      ],
    ]);
    expect(problems(base, baseFacts)).toEqual([]);
  });

  it('rejects an issuer named like the bootstrap issuer of a CA', () => {
    const boot = { name: 'internal-ca', ca: { secretName: 'root-ca', selfSignedBootstrap: true } };
    expect(problems({ issuers: [boot, { name: 'internal-ca-selfsigned', ca: { secretName: 'x' } }] })).toEqual([
      'spec.certManager.issuers[1].name: issuer name "internal-ca-selfsigned" is already used by the bootstrap of spec.certManager.issuers[0]',
    ]);
    expect(problems({ issuers: [{ name: 'internal-ca-selfsigned', ca: { secretName: 'x' } }, boot] })).toEqual([
      'spec.certManager.issuers[1].ca.selfSignedBootstrap: needs the ClusterIssuer name internal-ca-selfsigned, already used by spec.certManager.issuers[0]',
    ]);
    expect(problems({ issuers: [boot] })).toEqual([]);
  });

  it('rejects a default issuer that is not declared', () => {
    expect(problems({ ...base, defaultIssuer: 'letsencrypt' }, baseFacts)).toEqual([
      'spec.certManager.defaultIssuer: issuer "letsencrypt" is not in spec.certManager.issuers (letsencrypt-prod, internal-ca)',
    ]);
  });

  it('rejects a catch-all ingress class that is unknown or closed on port 80', () => {
    const withClass = (ingressClass: string) => ({ ...base, issuers: [{ ...PROD, acme: { ...PROD.acme, ingressClass } }, CA] });
    expect(problems(withClass('public'), baseFacts)).toEqual([
      'spec.certManager.issuers[0].acme.ingressClass: ingress class "public" is not an HTTP entrypoint of this cluster (nginx)',
    ]);
    expect(problems(withClass('tls-only'), { ...baseFacts, httpEntrypoints: [NGINX, ingressClass('tls-only', false)] })).toEqual([
      "spec.certManager.issuers[0].acme.ingressClass: ingress class tls-only does not listen on port 80, where Let's Encrypt sends HTTP-01 challenges",
    ]);
    expect(problems(withClass('nginx'), baseFacts)).toEqual([]);
  });

  it('warns about an ACME issuer that has no solver at all', () => {
    expect(problems({ issuers: [PROD] }, {}, 'all')).toEqual([
      'spec.certManager.issuers[0]: warning: ACME issuer letsencrypt-prod has no HTTP-01 solver: no TLS host uses it and acme.ingressClass is unset, so every order it gets fails',
    ]);
  });

  it('rejects a CA Secret that a TLS host Certificate would overwrite', () => {
    const facts = { tlsHosts: [ingressHost('ca.homelab.home.arpa', 'nginx', 'root-ca', 'cert-manager', 0)], httpEntrypoints: [NGINX] };
    expect(problems({ defaultIssuer: 'internal-ca', issuers: [CA] }, facts)).toEqual([
      'spec.certManager.issuers[0].ca.secretName: Secret cert-manager/root-ca holds the CA key pair of issuer internal-ca, but TLS host ca.homelab.home.arpa also names it, and its Certificate would overwrite the CA',
    ]);
  });
});

describe('TLS host checks', () => {
  it('rejects a TLS host without an issuer when there is no default issuer', () => {
    const found = load({ issuers: [CA] }, { facts: baseFacts });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edgeStub.hosts[0]',
        'TLS host web.example.org gets no certificate: it names no issuer and spec.certManager.defaultIssuer is unset',
        'set spec.certManager.defaultIssuer, or name an issuer for the host',
      ],
    ]);
  });

  it('rejects a TLS host whose issuer is unknown, and accepts a known one', () => {
    expect(problems(base, { ...baseFacts, tlsHosts: [web('web.example.org', 0, 'acme')] })).toEqual([
      'spec.edgeStub.hosts[0]: TLS host web.example.org gets no certificate: issuer "acme" is not in spec.certManager.issuers (letsencrypt-prod, internal-ca)',
    ]);
    expect(problems(base, { ...baseFacts, tlsHosts: [web('web.example.org', 0, 'letsencrypt-prod')] })).toEqual([]);
  });

  it('rejects hosts that share a Secret but ask for different issuers', () => {
    const facts = { ...baseFacts, tlsHosts: [web('web.example.org', 0), web('www.example.org', 1, 'internal-ca')] };
    expect(problems(base, facts)).toEqual([
      'spec.edgeStub.hosts[1]: TLS host www.example.org asks for issuer internal-ca, but shares Secret web/web-tls with web.example.org (issuer letsencrypt-prod); one Secret holds one certificate',
    ]);
    expect(problems(base, { ...baseFacts, tlsHosts: [web('web.example.org', 0), web('www.example.org', 1)] })).toEqual([]);
  });

  it('rejects a wildcard for an HTTP-01 issuer, and accepts it from the CA', () => {
    const found = load(base, { facts: { ...baseFacts, tlsHosts: [web('*.example.org')] } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edgeStub.hosts[0]',
        "no issuer can serve the wildcard *.example.org: issuer letsencrypt-prod solves ACME HTTP-01, and HTTP-01 cannot prove control of a wildcard (Let's Encrypt needs DNS-01 for that)",
        'list the names instead of the wildcard, or use a CA issuer',
      ],
    ]);
    expect(problems(base, { ...baseFacts, tlsHosts: [web('*.example.org', 0, 'internal-ca')] })).toEqual([]);
  });

  it("rejects internal names for Let's Encrypt: special-use suffixes, the cluster domain, single labels", () => {
    const facts = { ...baseFacts, tlsHosts: [web('nas.home.arpa', 0), web('api.default.svc.cluster.local', 1), web('grafana', 2), web('wiki.corp', 3)] };
    expect(problems(base, facts)).toEqual([
      "spec.edgeStub.hosts[0]: no issuer can serve nas.home.arpa: issuer letsencrypt-prod is Let's Encrypt, which only issues for names in the public DNS, and home.arpa is not one",
      "spec.edgeStub.hosts[1]: no issuer can serve api.default.svc.cluster.local: issuer letsencrypt-prod is Let's Encrypt, which only issues for names in the public DNS, and cluster.local is not one",
      "spec.edgeStub.hosts[2]: no issuer can serve grafana: issuer letsencrypt-prod is Let's Encrypt, which only issues for names in the public DNS, and grafana is not one",
      "spec.edgeStub.hosts[3]: no issuer can serve wiki.corp: issuer letsencrypt-prod is Let's Encrypt, which only issues for names in the public DNS, and corp is not one",
    ]);
    expect(problems({ ...base, defaultIssuer: 'internal-ca' }, facts)).toEqual([]);
  });
});

describe('HTTP-01 edge checks', () => {
  it('rejects ACME for a host whose ingress class does not listen on port 80', () => {
    const found = load(base, { facts: { tlsHosts: [web()], httpEntrypoints: [ingressClass('nginx', false)] } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edgeStub.hosts[0]',
        "web.example.org: ingress class nginx does not listen on port 80, where Let's Encrypt sends the HTTP-01 challenge of issuer letsencrypt-prod",
        "open port 80 on the class' LoadBalancer (it may redirect everything else to HTTPS), or pick a CA issuer for this host",
      ],
    ]);
  });

  it('rejects ACME for a host whose ingress class declares no entrypoint', () => {
    expect(problems(base, { tlsHosts: [web()] })).toEqual([
      'spec.edgeStub.hosts[0]: web.example.org: ingress class nginx declares no HTTP entrypoint, so the ACME HTTP-01 challenge of issuer letsencrypt-prod has nowhere to arrive',
    ]);
  });

  const app = () => gatewayHost('app.example.org', 'gw', 'gateway', 'https', 'app-tls', 0);
  const appIn = (namespace: string) => ({ ...app(), namespace });

  it('rejects ACME for a Gateway host without an HTTP :80 listener', () => {
    expect(problems(base, { tlsHosts: [app()], httpEntrypoints: [gateway('gw', 'gateway')] })).toEqual([
      "spec.edgeStub.hosts[0]: app.example.org: gateway gateway/gw has no HTTP listener on port 80, where Let's Encrypt sends the HTTP-01 challenge of issuer letsencrypt-prod",
    ]);
  });

  it('rejects ACME for a Gateway host whose :80 listener does not admit the Certificate namespace', () => {
    const found = load(base, { facts: { tlsHosts: [appIn('apps')], httpEntrypoints: [gateway('gw', 'gateway', 'http')] } });
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.edgeStub.hosts[0]',
        'app.example.org: listener http of gateway gateway/gw does not admit routes from namespace apps, where cert-manager creates the HTTP-01 challenge route of the certificate',
        "keep the Secret in the Gateway's namespace gateway, or let the listener admit routes from all namespaces",
      ],
    ]);
  });

  it("accepts a Gateway host in the Gateway's namespace, or any namespace when the listener admits all", () => {
    expect(problems(base, { tlsHosts: [app()], httpEntrypoints: [gateway('gw', 'gateway', 'http')] })).toEqual([]);
    expect(problems(base, { tlsHosts: [appIn('apps')], httpEntrypoints: [gateway('gw', 'gateway', 'http', true)] })).toEqual([]);
  });

  it('rejects a Gateway host whose Gateway declares no entrypoint', () => {
    expect(problems(base, { tlsHosts: [app()] })).toEqual([
      'spec.edgeStub.hosts[0]: app.example.org: gateway gateway/gw declares no HTTP entrypoint, so the ACME HTTP-01 challenge of issuer letsencrypt-prod has nowhere to arrive',
    ]);
  });

  it('needs no port 80 for hosts of the CA issuer', () => {
    expect(problems({ ...base, defaultIssuer: 'internal-ca' }, { tlsHosts: [web(), app()], httpEntrypoints: [ingressClass('nginx', false)] })).toEqual([]);
  });
});

describe('key and lifetime checks', () => {
  const key = (privateKey: object, issuers: object[] = [PROD, CA]) => problems({ ...base, issuers, certificates: { privateKey } }, baseFacts);

  it('rejects a size that does not belong to the algorithm', () => {
    expect(key({ algorithm: 'ECDSA', size: 2048 })).toEqual(['spec.certManager.certificates.privateKey.size: 2048 is not a ECDSA key size (256, 384, 521)']);
    expect(key({ algorithm: 'RSA', size: 384 })).toEqual(['spec.certManager.certificates.privateKey.size: 384 is not a RSA key size (2048, 3072, 4096)']);
    expect(key({ algorithm: 'RSA', size: 3072 })).toEqual([]);
  });

  it("rejects ECDSA P-521 with an ACME issuer (Let's Encrypt does not accept it), accepts P-384", () => {
    const found = load({ ...base, certificates: { privateKey: { size: 521 } } }, { facts: baseFacts });
    expect(found.lines[0]).toMatch(/^cluster\.yaml:\d+:\d+ spec\.certManager\.certificates\.privateKey\.size: Let's Encrypt does not accept/);
    expect(found.findings.map((f) => [f.path, f.message, f.hint])).toEqual([
      [
        'spec.certManager.certificates.privateKey.size',
        "Let's Encrypt does not accept ECDSA P-521 keys, so every order of ACME issuer letsencrypt-prod would fail at finalize",
        'use 256 or 384 (P-521 stays fine for the control-plane PKI, which cert-manager does not issue)',
      ],
    ]);
    expect(key({ size: 384 })).toEqual([]);
  });

  it('accepts P-521 when only CA issuers exist', () => {
    expect(problems({ defaultIssuer: 'internal-ca', issuers: [CA], certificates: { privateKey: { size: 521 } } }, baseFacts)).toEqual([]);
  });

  it("rejects P-521 for hosts Cilium's Gateways serve: Envoy's BoringSSL has no P-521", () => {
    const facts = { tlsHosts: [gatewayHost('app.lab.example.org', 'lab-gw', 'gateway', 'app-https', 'app-lab-tls', 0)], httpEntrypoints: [gateway('lab-gw', 'gateway', 'http')] };
    expect(problems({ defaultIssuer: 'internal-ca', issuers: [CA], certificates: { privateKey: { size: 521 } } }, facts)).toEqual([
      "spec.certManager.certificates.privateKey.size: Cilium's Gateways serve app.lab.example.org with Envoy, whose TLS library (BoringSSL) cannot load ECDSA P-521 keys",
    ]);
  });

  it('rejects a duration under 1h and a renewBefore under 5m', () => {
    expect(problems({ ...base, certificates: { duration: '30m', renewBefore: '4m' } }, baseFacts)).toEqual([
      'spec.certManager.certificates.duration: 30m is shorter than the 1h cert-manager accepts',
      'spec.certManager.certificates.renewBefore: 4m is shorter than the 5m cert-manager accepts',
    ]);
  });

  it('rejects renewBefore not shorter than duration, and accepts a shorter one', () => {
    expect(problems({ ...base, certificates: { duration: '720h', renewBefore: '720h' } }, baseFacts)).toEqual([
      'spec.certManager.certificates.renewBefore: 720h must be shorter than duration 720h, or cert-manager renews the certificate in a loop',
    ]);
    expect(problems({ ...base, certificates: { duration: '1h', renewBefore: '1h30m' } }, baseFacts)).toEqual([
      'spec.certManager.certificates.renewBefore: 1h30m must be shorter than duration 1h, or cert-manager renews the certificate in a loop',
    ]);
    expect(problems({ ...base, certificates: { duration: '1h', renewBefore: '20m' }, alerts: { enabled: false } }, baseFacts, 'all')).toEqual([]);
  });

  it('warns when the expiry alert would fire before renewal starts', () => {
    expect(problems({ ...base, certificates: { renewBefore: '240h' } }, baseFacts, 'all')).toEqual([
      'spec.certManager.alerts.expiringWithinDays: warning: 14 days is not shorter than certificates.renewBefore 240h, so the expiry alert fires for healthy certificates before cert-manager starts renewing them',
    ]);
    expect(problems({ ...base, certificates: { renewBefore: '240h' }, alerts: { expiringWithinDays: 7 } }, baseFacts, 'all')).toEqual([]);
  });
});
