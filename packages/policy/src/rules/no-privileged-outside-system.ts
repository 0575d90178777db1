import { containers, namespaceOf, path, podSpecs } from '../objects.ts';
import type { Rule, Violation } from '../types.ts';

/**
 * Namespaces of the system components that need host access: the kubelet's
 * add-ons and the CNI dataplane. Anything else needs a waiver with a reason.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'cilium', 'cilium-secrets', 'cilium-spire'];

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export const noPrivilegedOutsideSystem: Rule = {
  id: 'no-privileged-outside-system',
  severity: 'error',
  title: 'no privileged or host-namespace pods outside system namespaces',
  rationale:
    'A privileged container or a pod in the host network, PID or IPC namespace can take over its node, and with it every workload on the node. Only the system components that manage the node need that.',
  hint: `drop securityContext.privileged and host namespaces (grant single capabilities instead), move the workload to a system namespace (${SYSTEM_NAMESPACES.join(', ')}), or waive the rule for the object with a reason`,
  check(ctx) {
    const out: Violation[] = [];
    const system = (ns: string): boolean => SYSTEM_NAMESPACES.includes(ns);
    for (const pod of podSpecs(ctx.objects)) {
      const ns = namespaceOf(pod.object);
      if (system(ns)) continue;
      for (const field of HOST_NAMESPACES) {
        if (pod.spec[field] === true) out.push({ object: pod.object, path: path([...pod.segments, field]), message: `pod uses ${field} in namespace ${ns}` });
      }
    }
    for (const c of containers(ctx.objects)) {
      const ns = namespaceOf(c.object);
      if (system(ns)) continue;
      const sc = c.container.securityContext;
      if (typeof sc === 'object' && sc !== null && (sc as { privileged?: unknown }).privileged === true) {
        out.push({ object: c.object, path: path([...c.segments, 'securityContext', 'privileged']), message: `container ${c.name} is privileged in namespace ${ns}` });
      }
    }
    return out;
  },
};
