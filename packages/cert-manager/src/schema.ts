import { type BlockOf, mergeByKey, dnsLabelSchema, durationSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';
import { CERT_MANAGER_VERSIONS, DEFAULT_CERT_MANAGER_VERSION } from './pins.ts';

const objectName = dnsLabelSchema;

/** Key sizes a spec may choose: ECDSA curves (256, 384, 521) and RSA moduli (2048, 3072, 4096). */
export const KEY_SIZES = { ECDSA: [256, 384, 521], RSA: [2048, 3072, 4096] } as const;

/** JSON Schema of `spec.certManager`. */
export const schema = {
  type: 'object',
  description: 'cert-manager: the Helm install, ClusterIssuers (Let\'s Encrypt over ACME HTTP-01, an internal CA), a Certificate for every TLS host the other components declare, and expiry alerts.',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Install cert-manager, its issuers and certificates.' },
    version: {
      type: 'string',
      enum: CERT_MANAGER_VERSIONS,
      default: DEFAULT_CERT_MANAGER_VERSION,
      description: 'cert-manager chart version (`oci://quay.io/jetstack/charts/cert-manager`); a version past its end of life is a warning.',
    },
    namespace: {
      ...objectName,
      default: 'cert-manager',
      description: 'Namespace of the Helm release; also the cluster resource namespace, where ClusterIssuers keep their Secrets (ACME account keys, the CA key pair).',
    },
    replicas: {
      type: 'object',
      description: 'Replicas of the three Deployments.',
      additionalProperties: false,
      default: {},
      properties: {
        controller: { type: 'integer', minimum: 1, maximum: 5, default: 1, description: 'Controller replicas (`replicaCount`); one is active, the others wait for the leader lease.' },
        webhook: { type: 'integer', minimum: 1, maximum: 5, default: 1, description: 'Webhook replicas (`webhook.replicaCount`); every cert-manager object is admitted through it.' },
        cainjector: { type: 'integer', minimum: 1, maximum: 5, default: 1, description: 'CA injector replicas (`cainjector.replicaCount`).' },
      },
    },
    defaultIssuer: {
      ...objectName,
      description: 'ClusterIssuer (name from `issuers`) for the TLS hosts that name none.',
    },
    issuers: {
      type: 'array',
      ...mergeByKey('name'),
      default: [],
      description: 'ClusterIssuers; each has exactly one of `acme` or `ca`.',
      items: {
        type: 'object',
        description: 'A ClusterIssuer.',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { ...objectName, description: 'ClusterIssuer name (`metadata.name`), as TLS hosts and `defaultIssuer` refer to it.' },
          acme: {
            type: 'object',
            description: 'Let\'s Encrypt over ACME HTTP-01 (`spec.acme`). Solvers are derived: one per edge (ingress class or Gateway :80 listener) that serves the issuer\'s hosts.',
            additionalProperties: false,
            required: ['letsEncrypt'],
            properties: {
              letsEncrypt: {
                type: 'string',
                enum: ['production', 'staging'],
                description: 'Let\'s Encrypt environment (`spec.acme.server`): `staging` issues untrusted certificates under generous rate limits, for trying things out.',
              },
              email: { type: 'string', format: 'email', description: 'Contact of the ACME account (`spec.acme.email`); required.' },
              accountKeySecretName: {
                ...objectName,
                description: 'Secret cert-manager creates for the ACME account key (`spec.acme.privateKeySecretRef.name`). Default: `<name>-account-key`.',
              },
              ingressClass: {
                ...objectName,
                description: 'Ingress class that answers challenges for names no TLS host declares (a solver without selector, `http01.ingress.ingressClassName`), e.g. Certificates made by hand.',
              },
            },
          },
          ca: {
            type: 'object',
            description: 'An internal CA (`spec.ca`): signs with the key pair in a Secret of the cert-manager namespace.',
            additionalProperties: false,
            required: ['secretName'],
            properties: {
              secretName: {
                ...objectName,
                description: 'kubernetes.io/tls Secret with the CA\'s `tls.crt` and `tls.key` in the cert-manager namespace (`spec.ca.secretName`); you create it, see the README.',
              },
              selfSignedBootstrap: {
                type: 'boolean',
                default: false,
                description: 'Let cert-manager make the CA itself: a self-signed ClusterIssuer `<name>-selfsigned` and a CA Certificate (ECDSA P-384, 10 years) writing `secretName`. Trust distribution is yours.',
              },
            },
          },
        },
      },
    },
    certificates: {
      type: 'object',
      description: 'Settings of the Certificates made for the TLS hosts.',
      additionalProperties: false,
      default: {},
      properties: {
        privateKey: {
          type: 'object',
          description: 'Key of each certificate (`spec.privateKey`); rotated on every renewal (`rotationPolicy: Always`).',
          additionalProperties: false,
          default: {},
          properties: {
            algorithm: { type: 'string', enum: ['ECDSA', 'RSA'], default: 'ECDSA', description: 'Key algorithm (`privateKey.algorithm`).' },
            size: {
              type: 'integer',
              enum: [...KEY_SIZES.ECDSA, ...KEY_SIZES.RSA],
              description: 'Curve or modulus (`privateKey.size`): ECDSA 256, 384 or 521 (Let\'s Encrypt rejects 521), RSA 2048, 3072 or 4096. Default: 256 for ECDSA, 2048 for RSA.',
            },
          },
        },
        duration: { ...durationSchema, default: '2160h', description: 'Requested lifetime (`spec.duration`), at least 1h; Let\'s Encrypt always issues 90 days.' },
        renewBefore: { ...durationSchema, default: '720h', description: 'Renew this long before expiry (`spec.renewBefore`): at least 5m and shorter than `duration`.' },
      },
    },
    alerts: {
      type: 'object',
      description: 'A PrometheusRule on cert-manager\'s metrics, rendered when an enabled component (observability) installs the Prometheus operator and its CRDs.',
      additionalProperties: false,
      default: {},
      properties: {
        enabled: { type: 'boolean', default: true, description: 'Render the PrometheusRule when the Prometheus operator is installed (observability enabled); without it there is nothing to load it, and none is rendered.' },
        expiringWithinDays: {
          type: 'integer',
          minimum: 1,
          maximum: 89,
          default: 14,
          description: 'Alert when a certificate expires within this many days; keep it below `renewBefore`, so it only fires when renewal failed.',
        },
      },
    },
  },
} as const satisfies JSONSchema;

/** `spec.certManager` after defaults. */
export type CertManagerBlock = BlockOf<typeof schema>;
/** One entry of `spec.certManager.issuers`. */
export type IssuerSpec = CertManagerBlock['issuers'][number];
