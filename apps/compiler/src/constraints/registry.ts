/**
 * Every schema description that promises a constraint (says *must*, *only*,
 * *requires*, *needs* or *not with*) and what holds the spec to it. A test
 * (registry.test.ts) walks the composed cluster schema and fails on a
 * promise missing here, on an entry whose description no longer promises
 * anything, and on an entry whose check function or test is gone.
 *
 * Keys are schema paths: `spec.<key>.<field>`, `[]` for list items, `|n`
 * for the n-th `anyOf` branch, `.*` for map values.
 */
export type Enforcement =
  /** JSON Schema itself enforces it (enum, bounds, required, pattern); `why` names the keyword. */
  | { readonly by: 'schema'; readonly why: string }
  /** A semantic check: `check` is `<file>#<function>`, `test` the test file and `it` the title of the test that proves it. */
  | { readonly by: 'check'; readonly check: string; readonly test: string; readonly it: string };

const CILIUM = 'packages/cilium-dataplane/src';
const EDGE = 'packages/nginx-edge/src';

const check = (file: string, fn: string, test: string, it: string): Enforcement => ({ by: 'check', check: `${file}#${fn}`, test, it });

export const SCHEMA_CONSTRAINTS: Readonly<Record<string, Enforcement>> = {
  'spec.certManager.alerts.expiringWithinDays': check(
    'packages/cert-manager/src/checks.ts',
    'checkDurations',
    'packages/cert-manager/src/checks.test.ts',
    'warns when the expiry alert would fire before renewal starts',
  ),
  'spec.cilium.kubeProxyReplacement': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'requires spec.kubernetes.apiServer for kube-proxy replacement'),
  // Native routing is checked here; "all nodes on one L2 segment" is core's node-address check (every node inside nodeSubnet).
  'spec.cilium.routing.autoDirectNodeRoutes': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'rejects direct node routes in tunnel mode'),
  'spec.cilium.loadBalancer.dsrDispatch': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'rejects DSR with opt dispatch in tunnel mode'),
  'spec.cilium.loadBalancer.pools[].blocks[]|0': check(`${CILIUM}/checks/pools.ts`, 'poolBlocks', `${CILIUM}/checks.test.ts`, 'rejects a block with host bits set and says what it would become'),
  'spec.cilium.bpfMasquerade': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'rejects BPF masquerade, DSR and Gateway API without kube-proxy replacement'),
  'spec.cilium.l2Announcements.interfaces': check(`${CILIUM}/checks/l2-interfaces.ts`, 'checkL2Interfaces', `${CILIUM}/checks/l2.test.ts`, 'rejects an interface outside devices, at the pattern, with file:line:col'),
  'spec.cilium.bgp.peers[].ebgpMultihop': check(`${CILIUM}/checks/bgp-peers.ts`, 'checkPeers', `${CILIUM}/checks/bgp.test.ts`, 'rejects ebgpMultihop on an iBGP peer, which Cilium ignores'),
  'spec.cilium.bgp.advertise.localPreference': check(`${CILIUM}/checks/bgp.ts`, 'checkBgp', `${CILIUM}/checks.test.ts`, 'warns that LOCAL_PREF does not reach eBGP peers'),
  'spec.cilium.gatewayAPI.enabled': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'rejects BPF masquerade, DSR and Gateway API without kube-proxy replacement'),
  'spec.cilium.encryption.nodeEncryption': check(`${CILIUM}/checks/datapath.ts`, 'checkDatapath', `${CILIUM}/checks.test.ts`, 'rejects node encryption without WireGuard'),
  'spec.cilium.hubble.ui': check(`${CILIUM}/checks/datapath.ts`, 'checkOperations', `${CILIUM}/checks.test.ts`, 'rejects Hubble UI without relay, and relay without Hubble'),
  'spec.cilium.prometheus.serviceMonitors': check(
    `${CILIUM}/checks/datapath.ts`,
    'checkOperations',
    `${CILIUM}/checks.test.ts`,
    'rejects ServiceMonitors when no component installs the Prometheus operator CRDs',
  ),
  'spec.cilium.services[].ip': check(`${CILIUM}/checks/services.ts`, 'checkPoolChoice', `${CILIUM}/checks.test.ts`, 'rejects a fixed IP outside its pool, or outside every pool'),
  'spec.cilium.services[].externalTrafficPolicy': check(
    `${CILIUM}/checks/services.ts`,
    'checkServices',
    `${CILIUM}/checks.test.ts`,
    'rejects externalTrafficPolicy Local on an L2-announced Service and says why; BGP sites are fine',
  ),
  'spec.cilium.gateways': check(`${CILIUM}/checks/gateway-api.ts`, 'checkGatewayAPI', `${CILIUM}/checks.test.ts`, 'rejects gateways and routes while Gateway API is off'),
  // "Only the name is rendered" is covered by the Gateway golden (certificateRefs by name).
  'spec.cilium.gateways[].listeners[].tls.certificateSecret': check(
    `${CILIUM}/checks/gateway-api.ts`,
    'checkGatewayAPI',
    `${CILIUM}/checks.test.ts`,
    'rejects listeners whose TLS settings contradict their protocol',
  ),
  'spec.cilium.defaultDeny.exemptNamespaces': check(
    `${CILIUM}/checks/default-deny.ts`,
    'checkDefaultDeny',
    `${CILIUM}/checks.test.ts`,
    'rejects exempt namespaces without kube-system or the GitOps engine namespace',
  ),
  'spec.edge.classes[].default': check(`${EDGE}/checks.ts`, 'checkClasses', `${EDGE}/checks.test.ts`, 'rejects a class name used twice and a second default class'),
  'spec.edge.classes[].publicAddress': check(`${EDGE}/checks.ts`, 'checkRoutes', `${EDGE}/tunnel.test.ts`, 'rejects an external host with neither a tunnel nor a public address, at the route host'),
  'spec.edge.classes[].address.ip': check(`${EDGE}/checks.ts`, 'checkAddress', `${EDGE}/checks.test.ts`, 'rejects an address outside the named pool, and one outside every pool'),
  'spec.edge.classes[].kind': check(`${EDGE}/checks.ts`, 'checkAddress', `${EDGE}/checks.test.ts`, 'rejects a pinned Deployment behind an L2 pool with externalTrafficPolicy Local, and accepts it on BGP'),
  'spec.edge.classes[].loadBalancerIdleTimeoutSeconds': check(`${EDGE}/checks.ts`, 'checkTimeouts', `${EDGE}/checks.test.ts`, 'rejects a keepalive timeout not shorter than the L4 idle timeout'),
  'spec.edge.classes[].keepalive': check(
    `${EDGE}/checks.ts`,
    'checkFlavor',
    `${EDGE}/checks.test.ts`,
    'rejects keepalive and shutdown values an NGINX Gateway Fabric class would ignore, at each changed field',
  ),
  'spec.edge.classes[].shutdown': check(
    `${EDGE}/checks.ts`,
    'checkFlavor',
    `${EDGE}/checks.test.ts`,
    'rejects keepalive and shutdown values an NGINX Gateway Fabric class would ignore, at each changed field',
  ),
  'spec.edge.classes[].shutdown.terminationGracePeriodSeconds': check(
    `${EDGE}/checks.ts`,
    'checkTimeouts',
    `${EDGE}/checks.test.ts`,
    'rejects a termination grace period that does not exceed shutdown grace + worker shutdown timeout + post-shutdown grace',
  ),
  'spec.edge.classes[].clientIp.l7Proxy': check(`${EDGE}/checks.ts`, 'checkFeatures', `${EDGE}/checks.test.ts`, 'wants a reason with snippets, and trusted proxies with l7Proxy'),
  'spec.edge.routes[].cache': check(`${EDGE}/checks.ts`, 'checkRoutes', `${EDGE}/checks.test.ts`, 'rejects cached routes on a class without the snippet opt-in or without a cache zone'),
  'spec.internalDNS.ingressClasses': check(
    'packages/internal-dns/src/checks.ts',
    'checkSources',
    'packages/internal-dns/src/checks.test.ts',
    'rejects an ingress class no component declares, naming the known ones, with file:line:col',
  ),
  // "Clients … need a fixed one" is advice; the promise is that the address lies in the pool.
  'spec.internalDNS.address.ip': check(
    'packages/internal-dns/src/checks.ts',
    'checkAddress',
    'packages/internal-dns/src/checks.test.ts',
    "rejects an address outside the named pool's blocks, and accepts one inside",
  ),
  'spec.internalDNS.replicas': check(
    'packages/internal-dns/src/checks.ts',
    'checkPlacement',
    'packages/internal-dns/src/checks.test.ts',
    'warns when fewer replicas than announcing nodes run under Local on an L2 pool',
  ),
  'spec.observability.hubbleUI': check(
    'packages/observability/src/checks.ts',
    'checkExposure',
    'packages/observability/src/checks.test.ts',
    'rejects the Hubble UI when the Cilium block does not turn it on',
  ),
  'spec.observability.externalDNS[].provider': check(
    'packages/observability/src/checks.ts',
    'checkExternalDNS',
    'packages/observability/src/checks.test.ts',
    "requires the settings of the chosen provider and rejects the other's",
  ),
  // "A Secret the cluster needs that is neither here nor in secrets/ is a warning": the inventory's missing-Secret finding.
  'spec.secrets.external': check(
    'apps/compiler/src/secrets/inventory.ts',
    'inventoryFindings',
    'apps/compiler/src/secrets/secrets.e2e.test.ts',
    'warns, naming the object that will fail, about a Secret nobody provides, and prints the kubectl line (--json)',
  ),
  // OCI only: a digest on an https:// repository is an error at the field.
  'spec.releases[].digest': check(
    'packages/core/src/spec/releases.ts',
    'checkReleases',
    'apps/compiler/src/workloads.test.ts',
    'rejects a range or latest at the version field, and a digest on an https repository',
  ),
  // What it names must exist, in this or an earlier layer, without a cycle; the engine then waits for it.
  'spec.releases[].dependsOn': check(
    'packages/core/src/spec/releases.ts',
    'checkReleases',
    'apps/compiler/src/workloads.test.ts',
    'rejects duplicate names, unknown and later-layer dependencies and cycles, each at its line',
  ),
};
