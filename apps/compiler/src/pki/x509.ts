// @peculiar/x509 loads tsyringe, which needs the reflect-metadata polyfill first.
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { type PlannedCert, PROFILES, type Validity } from '@strata/pki-bootstrap';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-521' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-512' } as const;

/** A key pair plus the PEM forms written to disk. */
export interface KeyMaterial {
  readonly keys: CryptoKeyPair;
  /** SEC1 `EC PRIVATE KEY` PEM, as cfssl writes it. */
  readonly privatePem: string;
  /** SPKI `PUBLIC KEY` PEM. */
  readonly publicPem: string;
}

/** A fresh ECDSA P-521 key pair. */
export async function generateKey(): Promise<KeyMaterial> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const priv = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    keys,
    privatePem: priv.export({ type: 'sec1', format: 'pem' }).toString(),
    publicPem: createPublicKey(priv).export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Loads a PEM private key (SEC1 or PKCS#8) as a signing key; throws unless it is P-521. */
export async function loadSigningKey(pem: string): Promise<CryptoKey> {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp521r1') {
    throw new Error(`key is ${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}, not ECDSA P-521`);
  }
  const der = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
}

/** The curve of a PEM private key (`secp521r1`), and its public key in SPKI PEM, to match against a certificate. */
export function describeKey(pem: string): { curve: string | undefined; publicPem: string } {
  const key = createPrivateKey(pem);
  return { curve: key.asymmetricKeyDetails?.namedCurve, publicPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString() };
}

/** The SPKI PEM of a certificate's public key. */
export function certPublicPem(cert: x509.X509Certificate): string {
  return createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
}

/** The named curve of a certificate's public key (`secp521r1`). */
export function certCurve(cert: x509.X509Certificate): string | undefined {
  return createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve;
}

function subjectOf(cert: PlannedCert): x509.JsonName {
  return [...cert.o.map((o) => ({ O: [o] })), { CN: [cert.cn] }];
}

const KEY_USAGE: Record<string, x509.KeyUsageFlags> = {
  'cert sign': x509.KeyUsageFlags.keyCertSign,
  'crl sign': x509.KeyUsageFlags.cRLSign,
  'digital signature': x509.KeyUsageFlags.digitalSignature,
};
const EXT_USAGE: Record<string, string> = { 'server auth': x509.ExtendedKeyUsage.serverAuth, 'client auth': x509.ExtendedKeyUsage.clientAuth };

/** The signer of a certificate: the issuing CA's certificate and key. */
export interface Signer {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
}

/**
 * Issues `cert` for `subjectKeys` with `validity`, signed by `signer` (or
 * self-signed for the root). Extensions follow the plan's profile: CAs get
 * basicConstraints CA (root path length 1, intermediates 0) and keyCertSign;
 * leaves digitalSignature plus server/client auth, and the planned SANs.
 */
export async function issueCertificate(cert: PlannedCert, subjectKeys: CryptoKeyPair, validity: Validity, signer: Signer | undefined): Promise<x509.X509Certificate> {
  const usages = PROFILES[cert.profile];
  const flags = usages.reduce((acc, u) => acc | (KEY_USAGE[u] ?? 0), 0);
  const ext = usages.flatMap((u) => (EXT_USAGE[u] === undefined ? [] : [EXT_USAGE[u]]));
  const isCa = cert.kind !== 'leaf';
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(isCa, isCa ? (cert.kind === 'root' ? 1 : 0) : undefined, true),
    new x509.KeyUsagesExtension(flags, true),
    await x509.SubjectKeyIdentifierExtension.create(subjectKeys.publicKey),
  ];
  if (ext.length > 0) extensions.push(new x509.ExtendedKeyUsageExtension(ext, false));
  if (cert.hosts.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        cert.hosts.map((h) => ({ type: /^[0-9.]+$|:/.test(h) ? ('ip' as const) : ('dns' as const), value: h })),
        false,
      ),
    );
  }
  if (signer !== undefined) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signer.cert.publicKey, false));
  const common = {
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    notBefore: new Date(validity.notBefore),
    notAfter: new Date(validity.notAfter),
    signingAlgorithm: SIGN,
    extensions,
  };
  if (signer === undefined) {
    return x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subjectOf(cert), keys: subjectKeys });
  }
  return x509.X509CertificateGenerator.create({
    ...common,
    subject: subjectOf(cert),
    issuer: signer.cert.subjectName,
    publicKey: subjectKeys.publicKey,
    signingKey: signer.key,
  });
}

/** Every certificate in a PEM file, first to last. */
export function parsePemChain(text: string): x509.X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new x509.X509Certificate(b));
}

/** DNS and IP SANs of a certificate, in order. */
export function sansOf(cert: x509.X509Certificate): string[] {
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (ext === null) return [];
  return ext.names.items.filter((n) => n.type === 'dns' || n.type === 'ip').map((n) => n.value);
}

export { x509 };
