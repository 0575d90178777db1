import type { IACMEChallengeSolver } from '@kubernetes-models/cert-manager/acme.cert-manager.io/v1/ACMEChallengeSolver';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { clusterScoped, namespaced } from './metadata.ts';
import { LETS_ENCRYPT_SERVERS } from './pins.ts';
import { bootstrapIssuerName, type PlannedSolver } from './plan.ts';
import type { CertManagerBlock, IssuerSpec } from './schema.ts';

/** Lifetime of a bootstrapped CA (reference §6). */
export const CA_DURATION = '87600h';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** One HTTP-01 solver; a selector only when the solver serves declared names. */
export function acmeSolver(solver: PlannedSolver): IACMEChallengeSolver {
  const selector = solver.dnsNames === undefined ? {} : { selector: { dnsNames: [...solver.dnsNames] } };
  if (solver.kind === 'ingress') return { http01: { ingress: { ingressClassName: solver.ingressClass } }, ...selector };
  return {
    http01: {
      gatewayHTTPRoute: {
        parentRefs: [{ group: GATEWAY_GROUP, kind: 'Gateway', name: solver.gateway, namespace: solver.namespace, sectionName: solver.listener }],
      },
    },
    ...selector,
  };
}

/** The ClusterIssuer of `issuer` (ACME or CA); never any key material, only Secret names. */
export function clusterIssuer(cluster: string, issuer: IssuerSpec, solvers: readonly PlannedSolver[]): ClusterIssuer {
  const metadata = clusterScoped(cluster, issuer.name);
  if (issuer.acme !== undefined) {
    return new ClusterIssuer({
      metadata,
      spec: {
        acme: {
          server: LETS_ENCRYPT_SERVERS[issuer.acme.letsEncrypt],
          ...(issuer.acme.email === undefined ? {} : { email: issuer.acme.email }),
          privateKeySecretRef: { name: issuer.acme.accountKeySecretName ?? `${issuer.name}-account-key` },
          solvers: solvers.map(acmeSolver),
        },
      },
    });
  }
  if (issuer.ca === undefined) throw new Error(`issuer ${issuer.name} has neither acme nor ca`);
  return new ClusterIssuer({ metadata, spec: { ca: { secretName: issuer.ca.secretName } } });
}

/**
 * The self-signed chain that makes a CA issuer's key pair inside the cluster:
 * a selfSigned ClusterIssuer and a CA Certificate writing the CA's Secret in
 * the cert-manager namespace.
 */
export function bootstrapObjects(cluster: string, block: CertManagerBlock, issuer: IssuerSpec): [ClusterIssuer, Certificate] {
  if (issuer.ca === undefined) throw new Error(`issuer ${issuer.name} is not a CA issuer`);
  const selfSigned = bootstrapIssuerName(issuer.name);
  return [
    new ClusterIssuer({ metadata: clusterScoped(cluster, selfSigned), spec: { selfSigned: {} } }),
    new Certificate({
      metadata: namespaced(cluster, block.namespace, issuer.ca.secretName),
      spec: {
        isCA: true,
        commonName: `${cluster} ${issuer.name}`,
        secretName: issuer.ca.secretName,
        duration: CA_DURATION,
        privateKey: { algorithm: 'ECDSA', size: 384 },
        issuerRef: { name: selfSigned, kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    }),
  ];
}
