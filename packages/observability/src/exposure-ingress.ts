import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { EXPOSURE_PATHS, type Exposure } from './exposure.ts';
import { namespaced } from './metadata.ts';

/** The Ingress of one exposure, of `ingressClass`, with TLS from the Secret cert-manager writes. */
export function exposureIngress(cluster: string, ingressClass: string, e: Exposure): Ingress {
  const annotations: Record<string, string> = e.https ? { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } : {};
  return new Ingress({
    metadata: namespaced(cluster, e.namespace, e.name, {}, annotations),
    spec: {
      ingressClassName: ingressClass,
      tls: [{ hosts: [e.host], secretName: e.secretName }],
      rules: [
        {
          host: e.host,
          http: { paths: EXPOSURE_PATHS.map((p) => ({ ...p, backend: { service: { name: e.service, port: { number: e.port } } } })) },
        },
      ],
    },
  });
}
