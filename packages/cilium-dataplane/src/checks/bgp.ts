import type { Cluster, SpecIssue } from '@strata/core';
import { bgpSpeakers } from '../drain.ts';
import type { CiliumBlock } from '../schema.ts';
import { checkPeers } from './bgp-peers.ts';
import { C } from './common.ts';

/** BGP: peers, ASN, ECMP limit, timers, BFD, local preference. */
export function checkBgp(cluster: Cluster, block: CiliumBlock, issues: SpecIssue[]): void {
  const bgp = block.bgp;
  if (!bgp.enabled) return;
  const B = [...C, 'bgp'];
  if (bgp.localASN === undefined) issues.push({ path: [...B, 'enabled'], message: 'BGP needs spec.cilium.bgp.localASN' });
  if (bgp.peers.length === 0) issues.push({ path: [...B, 'peers'], message: 'BGP is enabled but has no peers', hint: 'add the upstream routers, or set bgp.enabled: false' });
  checkPeers(cluster, block, issues);
  const known = new Set(cluster.spec.network.nodes.map((n) => n.name));
  bgp.nodes?.forEach((n, i) => {
    if (!known.has(n)) issues.push({ path: [...B, 'nodes', i], message: `node ${n} is not in spec.network.nodes` });
  });
  // Nodes in maintenance do not peer (see drain.ts), so they take no ECMP path.
  const advertising = bgpSpeakers(cluster, block).length;
  if (bgp.ecmpMaxPaths !== undefined && advertising > bgp.ecmpMaxPaths) {
    issues.push({
      path: [...B, bgp.nodes === undefined ? 'ecmpMaxPaths' : 'nodes'],
      message: `${advertising} nodes advertise each LoadBalancer IP but the routers install at most ${bgp.ecmpMaxPaths} ECMP paths`,
      hint: `list at most ${bgp.ecmpMaxPaths} advertising nodes in spec.cilium.bgp.nodes`,
    });
  }
  const { holdTimeSeconds, keepAliveTimeSeconds } = bgp.timers;
  if (keepAliveTimeSeconds * 3 > holdTimeSeconds) {
    issues.push({
      path: [...B, 'timers', 'keepAliveTimeSeconds'],
      message: `${keepAliveTimeSeconds} is more than a third of holdTimeSeconds ${holdTimeSeconds}; one lost keepalive would drop the session`,
    });
  }
  if (bgp.bfd?.enabled === true) {
    issues.push({
      path: [...B, 'bfd', 'enabled'],
      message: 'BFD is not available in open-source Cilium: its BGP CRDs have no BFD field, so it would be silently dropped',
      hint: 'configure BFD on the routers (or use a Cilium edition that supports it) and remove spec.cilium.bgp.bfd; graceful restart and timers are set here',
    });
  }
  const local = bgp.localASN;
  if (bgp.advertise.localPreference !== undefined && local !== undefined) {
    const ebgp = bgp.peers.filter((p) => p.asn !== local).map((p) => p.name);
    if (ebgp.length > 0) {
      issues.push({
        path: [...B, 'advertise', 'localPreference'],
        severity: 'warning',
        message: `LOCAL_PREF is not sent to eBGP peers (${ebgp.join(', ')}); it only applies within AS ${local}`,
      });
    }
  }
}
