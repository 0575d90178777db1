import { describe, expect, it } from 'vitest';
import { exampleSpec, loadValid, syntheticSpec } from './__fixtures__/spec.ts';
import { cfsslCsr } from './cfssl.ts';
import { certByName, planPki } from './plan.ts';

const lab = () => {
  const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'));
  return planPki(cluster, block, dataplane);
};

describe('planPki', () => {
  it('gives the API server every name in-cluster and out-of-cluster clients dial', () => {
    const { cluster, block, dataplane } = loadValid(syntheticSpec(4, 3), { apiServer: { extraSANs: ['api.lab.example.org', '10.10.0.100'] } });
    expect(certByName(planPki(cluster, block, dataplane), 'kube-apiserver').hosts).toEqual([
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'localhost',
      'node-1',
      'node-2',
      'node-3',
      'api.synthetic.example',
      'api.lab.example.org',
      '10.10.0.100',
      '10.96.0.1',
      '127.0.0.1',
      '10.10.0.2',
      '10.10.0.3',
      '10.10.0.4',
    ]);
  });

  it('names the Kubernetes identities the way RBAC and the Node authorizer expect', () => {
    const plan = lab();
    const who = (name: string) => {
      const c = certByName(plan, name);
      return { cn: c.cn, o: c.o, issuer: c.issuer, profile: c.profile };
    };
    expect(who('kubelet-client-chromebox-2')).toEqual({ cn: 'system:node:chromebox-2', o: ['system:nodes'], issuer: 'kubernetes-ca', profile: 'client' });
    expect(who('kubelet-chromebox-2')).toEqual({ cn: 'chromebox-2', o: [], issuer: 'kubernetes-ca', profile: 'server' });
    expect(who('kube-controller-manager-client')).toEqual({ cn: 'system:kube-controller-manager', o: [], issuer: 'kubernetes-ca', profile: 'client' });
    expect(who('kube-scheduler-client')).toEqual({ cn: 'system:kube-scheduler', o: [], issuer: 'kubernetes-ca', profile: 'client' });
    expect(who('kube-addon-manager')).toEqual({ cn: 'system:kube-addon-manager', o: [], issuer: 'kubernetes-ca', profile: 'client' });
    expect(who('cluster-admin')).toEqual({ cn: 'cluster-admin', o: ['system:masters'], issuer: 'kubernetes-ca', profile: 'client' });
    expect(who('kube-apiserver-etcd-client')).toEqual({ cn: 'kube-apiserver-etcd-client', o: [], issuer: 'etcd-ca', profile: 'client' });
    expect(who('front-proxy-client')).toEqual({ cn: 'front-proxy-client', o: [], issuer: 'front-proxy-ca', profile: 'client' });
    expect(who('etcd-peer-chromebox-1')).toEqual({ cn: 'chromebox-1', o: [], issuer: 'etcd-ca', profile: 'peer' });
    expect(certByName(plan, 'etcd-chromebox-1').hosts).toEqual(['chromebox-1', 'localhost', '10.20.0.11', '127.0.0.1']);
  });

  it('lists the chromebox-lab certificates: CAs, control plane, then two per node and etcd on the control-plane node only', () => {
    expect(lab().certificates.map((c) => `${c.slot} ${c.name}`)).toEqual([
      '0 ca',
      '0 kubernetes-ca',
      '0 etcd-ca',
      '0 front-proxy-ca',
      '0 kube-apiserver',
      '0 kube-apiserver-kubelet-client',
      '0 kube-apiserver-etcd-client',
      '0 front-proxy-client',
      '0 kube-controller-manager',
      '0 kube-controller-manager-client',
      '0 kube-scheduler-client',
      '0 kube-addon-manager',
      '0 cluster-admin',
      '1 kubelet-chromebox-1',
      '1 kubelet-client-chromebox-1',
      '1 etcd-chromebox-1',
      '1 etcd-peer-chromebox-1',
      '2 kubelet-chromebox-2',
      '2 kubelet-client-chromebox-2',
      '3 kubelet-chromebox-3',
      '3 kubelet-client-chromebox-3',
    ]);
  });

  it('leaves out kube-proxy and flannel when Cilium replaces them, and plans them without Cilium', () => {
    const withCilium = lab();
    expect([withCilium.kubeProxy, withCilium.flannel]).toEqual([false, false]);
    const { cluster, block, dataplane } = loadValid(syntheticSpec(2));
    const plain = planPki(cluster, block, dataplane);
    expect([plain.kubeProxy, plain.flannel]).toEqual([true, true]);
    expect(certByName(plain, 'kube-proxy-client').cn).toBe('system:kube-proxy');
    expect(certByName(plain, 'flannel-client').cn).toBe('flannel-client');
    const spec = exampleSpec('chromebox-lab');
    const forced = loadValid(spec, { kubeProxy: true });
    expect(planPki(forced.cluster, forced.block, forced.dataplane).certificates.some((c) => c.name === 'kube-proxy-client')).toBe(true);
  });

  it('drops the etcd CA and certificates when etcd runs elsewhere', () => {
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'), { etcd: false });
    const names = planPki(cluster, block, dataplane).certificates.map((c) => c.name);
    expect(names.filter((n) => n.includes('etcd'))).toEqual([]);
  });

  it('asks cfssl for an ECDSA P-521 key for every certificate, and a CA block only for the root', () => {
    const plan = lab();
    for (const cert of plan.certificates) expect(cfsslCsr(cert).key).toEqual({ algo: 'ecdsa', size: 521 });
    expect(plan.certificates.filter((c) => cfsslCsr(c).ca !== undefined).map((c) => c.name)).toEqual(['ca']);
    expect(cfsslCsr(certByName(plan, 'ca')).ca).toEqual({ expiry: '350400h', pathlen: 1 });
  });

  it('reads lifetimes in hours or days and the renewal fraction exactly', () => {
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'), { validity: { root: '3650d', intermediate: '30d', leaf: '72h' }, renewAt: '0.75' });
    const plan = planPki(cluster, block, dataplane);
    expect(plan.validity).toEqual({ root: 87600, intermediate: 720, leaf: 72 });
    expect(plan.renewAt).toEqual({ num: 75, den: 100, text: '0.75' });
  });
});
