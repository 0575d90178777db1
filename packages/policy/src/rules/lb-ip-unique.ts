import { parseIp } from '@strata/core';
import { objectId } from '@strata/validate';
import type { Rule, Violation } from '../types.ts';
import { requestedIps, SHARING_KEY_ANNOTATION, type RequestedIp } from '../lb-ips.ts';

export const lbIpUnique: Rule = {
  id: 'lb-ip-unique',
  severity: 'error',
  title: 'LoadBalancer IPs are unique',
  rationale:
    'Two Services asking for one address cannot both get it: Cilium LB-IPAM leaves the second pending, or, announced twice, the address flaps between nodes. Sharing is only safe when both Services say so with one sharing key.',
  hint: `give each Service its own address, or set the same ${SHARING_KEY_ANNOTATION} annotation on Services that share one (with distinct ports)`,
  check(ctx) {
    const out: Violation[] = [];
    const byIp = new Map<string, RequestedIp[]>();
    for (const r of requestedIps(ctx.objects)) {
      const parsed = parseIp(r.ip);
      const key = parsed === undefined ? r.ip : `${parsed.family}:${parsed.start}`; // one key per address, however an IPv6 address is spelt
      const list = byIp.get(key);
      if (list === undefined) byIp.set(key, [r]);
      else list.push(r);
    }
    for (const list of byIp.values()) {
      list.forEach((r, j) => {
        const key = r.object.obj.metadata.annotations?.[SHARING_KEY_ANNOTATION];
        const clash = list.slice(0, j).find((earlier) => key === undefined || earlier.object.obj.metadata.annotations?.[SHARING_KEY_ANNOTATION] !== key);
        if (clash !== undefined) {
          out.push({ object: r.object, path: r.path, message: `LoadBalancer IP ${r.ip} is also requested by ${objectId(clash.object.obj)} without a common sharing key` });
        }
      });
    }
    return out;
  },
};
