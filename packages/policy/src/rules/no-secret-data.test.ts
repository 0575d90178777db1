import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('no-secret-data', () => {
  it('reports Secret data by key name and PEM private keys at any depth', () => {
    expect(runFixture('no-secret-data', 'fail')).toEqual([
      'rendered/lab/config/apps/configmap-apps-tls.yaml ConfigMap/apps/tls data["tls.key"]: [no-secret-data] value contains a PEM private key block',
      'rendered/lab/config/apps/secret-apps-db.yaml Secret/apps/db data: [no-secret-data] Secret carries data (keys: password, user)',
      'rendered/lab/config/apps/secret-apps-db.yaml Secret/apps/db stringData: [no-secret-data] Secret carries stringData (keys: token)',
      'rendered/lab/controllers/edge/helmrelease-flux-system-edge.yaml HelmRelease/flux-system/edge spec.values.extraArgs[1]: [no-secret-data] value contains a PEM private key block',
      'rendered/lab/secrets/leaky.sops.yaml Secret/apps/leaky stringData.api-key: [no-secret-data] SOPS-encrypted Secret: stringData.api-key is plaintext (edited after encryption?): Secret data must be encrypted',
    ]);
  });

  it('accepts Secrets without data, SOPS-encrypted Secrets, certificates and key settings', () => {
    expect(runFixture('no-secret-data', 'pass')).toEqual([]);
  });
});
