import { at, containers, path } from '../objects.ts';
import type { Rule, Violation } from '../types.ts';

export const resourceRequests: Rule = {
  id: 'resource-requests',
  severity: 'warning',
  title: 'containers request cpu and memory',
  rationale:
    'The scheduler places pods by their requests; a container without them is packed onto nodes as if it used nothing and is the first to be evicted under pressure.',
  hint: 'set resources.requests.cpu and resources.requests.memory from observed usage',
  check(ctx) {
    const out: Violation[] = [];
    // Ephemeral containers cannot have resources.
    for (const c of containers(ctx.objects, ['initContainers', 'containers'])) {
      const requests = at(c.container, ['resources', 'requests']);
      const missing = (['cpu', 'memory'] as const).filter((r) => at(requests, [r]) === undefined);
      if (missing.length > 0) {
        out.push({ object: c.object, path: path([...c.segments, 'resources', 'requests']), message: `container ${c.name} has no ${missing.join(' and ')} request${missing.length > 1 ? 's' : ''}` });
      }
    }
    return out;
  },
};
