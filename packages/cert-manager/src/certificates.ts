import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { namespaced } from './metadata.ts';
import { keySize, type PlannedCertificate } from './plan.ts';
import type { CertManagerBlock } from './schema.ts';

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
