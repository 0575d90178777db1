import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace } from './__fixtures__/cli.ts';

const DEPLOYMENT = 'config/manifests/deployment-blog-blog.yaml';
const IMAGE = 'image: docker.io/nginxinc/nginx-unprivileged:1.29.3-alpine';
const LATEST = 'image: docker.io/nginxinc/nginx-unprivileged:latest';

/** Replaces `from` with `to` in a file, failing when `from` is not there. */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('strata validate on objects from spec.manifests', () => {
  it('points a finding at the manifest line when the committed copy is the manifest as written, and at the copy after a hand edit', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const source = join(root, 'workloads/blog/blog.yaml');
    const copy = join(root, 'rendered/homelab', DEPLOYMENT);
    const index = join(root, 'rendered/homelab/index.json');
    const imageLine = readFileSync(source, 'utf8').split('\n').findIndex((l) => l.includes(IMAGE)) + 1;

    // As if an older strata had rendered a floating tag (today's image-pinned rule refuses it):
    // the source and its committed copy agree, and the index lists the copy's bytes.
    edit(source, IMAGE, LATEST);
    edit(copy, IMAGE, LATEST);
    const sha = createHash('sha256').update(readFileSync(copy)).digest('hex');
    const idx = JSON.parse(readFileSync(index, 'utf8')) as { files: { path: string; sha256: string }[] };
    for (const f of idx.files) if (f.path === DEPLOYMENT) f.sha256 = sha;
    writeFileSync(index, `${JSON.stringify(idx, null, 2)}\n`);
    const atSource = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(atSource.code).toBe(1);
    expect(atSource.stdout).toMatch(new RegExp(`^workloads/blog/blog\\.yaml:${imageLine}:\\d+ Deployment/blog/blog spec\\.template\\.spec\\.containers\\[0\\]\\.image: \\[image-pinned\\]`, 'm'));

    // A hand edit of the committed copy alone is fixed in rendered/, so that is where the finding points.
    edit(source, LATEST, IMAGE);
    const atCopy = await strataIn(['validate', '--cluster', 'homelab'], root);
    expect(atCopy.code).toBe(1);
    expect(atCopy.stdout).toMatch(/^rendered\/homelab\/config\/manifests\/deployment-blog-blog\.yaml(:\d+:\d+)? Deployment\/blog\/blog spec\.template\.spec\.containers\[0\]\.image: \[image-pinned\]/m);
    expect(atCopy.stdout).not.toContain('workloads/blog/blog.yaml');
  }, E2E_TIMEOUT);
});
