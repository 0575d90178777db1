import { containers, path, str } from '../objects.ts';
import type { Rule, Violation } from '../types.ts';

/** The tag of an image reference, or undefined when it has none (`registry:5000/app` has none). */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0] ?? image;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? undefined : last.slice(colon + 1);
}

export const imagePinned: Rule = {
  id: 'image-pinned',
  severity: 'error',
  title: 'container images are pinned',
  rationale:
    'An image without a tag, or tagged `latest`, changes whenever the registry does, so the same commit can run different code on two nodes. A fixed tag or a digest makes what runs a function of the repository.',
  hint: 'use a fixed version tag (nginx:1.29.1), or better a digest (nginx@sha256:…)',
  check(ctx) {
    const out: Violation[] = [];
    for (const c of containers(ctx.objects)) {
      const image = str(c.container.image);
      const where = path([...c.segments, 'image']);
      if (image === undefined) continue; // the schema check reports a missing image
      if (image.includes('@sha256:')) continue;
      const tag = imageTag(image);
      if (tag === undefined) out.push({ object: c.object, path: where, message: `image ${image} has no tag or digest (means latest)` });
      else if (tag === 'latest') out.push({ object: c.object, path: where, message: `image ${image} is not pinned` });
    }
    return out;
  },
};
