import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('client-ip-preserved', () => {
  it('reports DNS and Kafka LoadBalancer Services, and the edge and DNS charts, that would SNAT their clients', () => {
    expect(runFixture('client-ip-preserved', 'fail')).toEqual([
      'rendered/lab/argocd/application-argocd-k8s-gateway.yaml Application/argocd/k8s-gateway spec.source.helm.valuesObject.service.externalTrafficPolicy: [client-ip-preserved] the k8s-gateway DNS Service has externalTrafficPolicy Cluster, so the server sees node addresses instead of clients',
      'rendered/lab/config/dns/service-dns-powerdns.yaml Service/dns/powerdns spec.externalTrafficPolicy: [client-ip-preserved] LoadBalancer Service serving DNS has externalTrafficPolicy Cluster, so its server sees node addresses instead of clients',
      'rendered/lab/config/kafka/service-kafka-kafka.yaml Service/kafka/kafka spec.externalTrafficPolicy: [client-ip-preserved] LoadBalancer Service serving Kafka has externalTrafficPolicy Cluster (the default), so its server sees node addresses instead of clients',
      'rendered/lab/controllers/edge/helmrelease-flux-system-ingress-nginx.yaml HelmRelease/flux-system/ingress-nginx spec.values.controller.service.externalTrafficPolicy: [client-ip-preserved] the ingress-nginx controller Service has externalTrafficPolicy unset (Cluster), so the server sees node addresses instead of clients',
    ]);
  });

  it('accepts Local, Services that serve neither DNS nor Kafka, ClusterIP Services and charts it does not know', () => {
    expect(runFixture('client-ip-preserved', 'pass')).toEqual([]);
  });
});
