import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { namespaced } from './metadata.ts';
import type { PlannedCertificate } from './plan.ts';
import type { CertManagerBlock } from './schema.ts';

/** The key size a block resolves to: the spec's, or 256 for ECDSA and 2048 for RSA. */
export function keySize(block: CertManagerBlock): number {
  const { algorithm, size } = block.certificates.privateKey;
  return size ?? (algorithm === 'ECDSA' ? 256 : 2048);
}

/** The Certificate for the TLS hosts that share one Secret; the key is new on every renewal. */
export function certificate(cluster: string, block: CertManagerBlock, planned: PlannedCertificate): Certificate {
  const { algorithm } = block.certificates.privateKey;
  return new Certificate({
    metadata: namespaced(cluster, planned.namespace, planned.name),
    spec: {
      secretName: planned.secretName,
      dnsNames: [...planned.dnsNames],
      duration: block.certificates.duration,
      renewBefore: block.certificates.renewBefore,
      privateKey: { algorithm, size: keySize(block), rotationPolicy: 'Always' },
      issuerRef: { name: planned.issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' },
    },
  });
}
