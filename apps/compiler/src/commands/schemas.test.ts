import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Io } from '../report.ts';
import { schemaFileName, schemasExportCommand } from './schemas.ts';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'strata-schemas-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakeIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, cwd: work, env: {}, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
}

const rendered = (path: string): Record<string, unknown> => parse(readFileSync(join(ROOT, 'rendered', path), 'utf8')) as Record<string, unknown>;

describe('schemaFileName', () => {
  it('names files the way kubeconform looks them up', () => {
    expect(schemaFileName('v1', 'Pod')).toBe('pod-v1.json');
    expect(schemaFileName('apps/v1', 'Deployment')).toBe('deployment-apps-v1.json');
    expect(schemaFileName('networking.k8s.io/v1', 'Ingress')).toBe('ingress-networking-v1.json');
    expect(schemaFileName('cilium.io/v2alpha1', 'CiliumL2AnnouncementPolicy')).toBe('ciliuml2announcementpolicy-cilium-v2alpha1.json');
  });
});

describe('strata schemas export', () => {
  const io = fakeIo();
  const dir = join(work, 'schemas');
  const exported = schemasExportCommand({ out: 'schemas' }, io);

  it('writes one schema per kind in kubeconform layout and prints the -schema-location', async () => {
    expect(await exported).toBe(0);
    const files = readdirSync(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'pod-v1.json',
        'service-v1.json',
        'deployment-apps-v1.json',
        'helmrelease-helm-v2.json',
        'kustomization-kustomize-v1.json',
        'application-argoproj-v1alpha1.json',
        'ciliumloadbalancerippool-cilium-v2.json',
        'httproute-gateway-v1.json',
        'certificate-cert-manager-v1.json',
        'servicemonitor-monitoring-v1.json',
      ]),
    );
    expect(files.every((f) => /^[a-z0-9]+(-[a-z0-9-]+)?-v[0-9]+((alpha|beta)[0-9]+)?\.json$/.test(f))).toBe(true);
    expect(io.out).toEqual([`schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json\n`]);
    expect(io.err).toEqual([`wrote ${files.length} schemas to schemas\n`]);
  });

  it('writes schemas that accept rendered objects and reject unknown fields', async () => {
    await exported;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const check = (file: string, obj: unknown) => {
      const validate = ajv.compile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object);
      return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    };
    const service = rendered('edge-bgp/config/cilium-dataplane/service-kafka-kafka.yaml');
    expect(check('service-v1.json', service)).toEqual([]);
    expect(check('service-v1.json', { ...service, spec: { ...(service.spec as object), externalTraficPolicy: 'Local' } })).toContain(
      '/spec must NOT have additional properties {"additionalProperty":"externalTraficPolicy"}',
    );
    const pool = rendered('homelab/config/cilium-dataplane/ciliumloadbalancerippool-internal.yaml');
    expect(check('ciliumloadbalancerippool-cilium-v2.json', pool)).toEqual([]);
    expect(check('ciliumloadbalancerippool-cilium-v2.json', { ...pool, spec: { ...(pool.spec as object), disable: true } })).toContain(
      '/spec must NOT have additional properties {"additionalProperty":"disable"}',
    );
    const release = rendered('homelab/controllers/cilium-dataplane/helmrelease-flux-system-cilium.yaml');
    expect(check('helmrelease-helm-v2.json', release)).toEqual([]);
  });

  it('writes the same bytes every time, replacing the folder whole', async () => {
    await exported;
    const before = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    writeFileSync(join(dir, 'stale-v1.json'), '{}\n');
    expect(await schemasExportCommand({ out: 'schemas' }, fakeIo())).toBe(0);
    const after = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    expect(after).toEqual(before);
    expect(readdirSync(work).sort()).toEqual(['schemas']);
  });

  it('refuses a folder that holds anything but schemas', async () => {
    mkdirSync(join(work, 'notes'));
    writeFileSync(join(work, 'notes', 'README.md'), 'mine\n');
    await expect(schemasExportCommand({ out: 'notes' }, fakeIo())).rejects.toThrow(
      '--out notes holds README.md, which is not a schema; choose a new or empty folder',
    );
    expect(readdirSync(join(work, 'notes'))).toEqual(['README.md']);
    rmSync(join(work, 'notes'), { recursive: true });
  });
});
