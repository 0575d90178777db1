import { contains, parseIp, type Cidr } from '@strata/core';
import { objectId } from '@strata/validate';
import { lbIpPools, requestedIps } from '../lb-ips.ts';
import type { Rule, Violation } from '../types.ts';

export const lbIpInPool: Rule = {
  id: 'lb-ip-in-pool',
  severity: 'error',
  title: 'LoadBalancer IPs lie in a declared pool',
  rationale:
    'Cilium LB-IPAM only hands out addresses from a CiliumLoadBalancerIPPool whose selector matches the Service; a Service asking for any other address stays pending forever. Generic linters cannot see this: it spans two objects.',
  hint: 'pick an address inside a pool block that selects the Service, or add a pool block that covers it',
  check(ctx) {
    const pools = lbIpPools(ctx.objects);
    if (pools.length === 0) return [];
    const out: Violation[] = [];
    for (const r of requestedIps(ctx.objects)) {
      const ip = parseIp(r.ip);
      if (ip === undefined) {
        out.push({ object: r.object, path: r.path, message: `LoadBalancer IP "${r.ip}" is not an IP address` });
        continue;
      }
      const inBlock = pools.filter((p) => p.blocks.some((b: Cidr) => contains(b, ip)));
      if (inBlock.length === 0) {
        out.push({ object: r.object, path: r.path, message: `LoadBalancer IP ${r.ip} lies in no CiliumLoadBalancerIPPool block` });
      } else if (!inBlock.some((p) => p.selects(r.object))) {
        const names = inBlock.map((p) => objectId(p.object.obj)).join(', ');
        out.push({ object: r.object, path: r.path, message: `LoadBalancer IP ${r.ip} lies in ${names}, whose serviceSelector does not select this Service` });
      }
    }
    return out;
  },
};
