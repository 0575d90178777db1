/** A valid spec for tests; `extra` is spliced into `spec:` (indented by the caller). */
export function specYaml(name: string, extra = '', engine = 'flux'): string {
  return `apiVersion: strata.dev/v1alpha1
kind: Cluster
metadata:
  name: ${name}
spec:
  kubernetes:
    version: "1.33"
  gitops:
    engine: ${engine}
    repository:
      url: https://git.example.org/platform/fleet.git
  network:
    nodeSubnet: 192.168.1.0/24
    nodes:
      - name: node-1
        address: 192.168.1.11
        roles: [control-plane, worker]
    podCIDR: 10.69.0.0/16
    serviceCIDR: 10.96.0.0/16
    mtu: 1500
${extra}`;
}
