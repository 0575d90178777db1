import { describe, expect, it } from 'vitest';
import { promqlProblems } from './__fixtures__/promql.ts';
import { BGP, buildDashboard, CERTIFICATES, DATAPLANE, dashboardConfigMaps, dashboardJson, dashboardsFor, type DashboardSpec, EDGE, stableJson } from './dashboards.ts';
import type { Running } from './rules.ts';

const ALL: Running = { cilium: true, bgp: true, l2: false, l2LeaseSeconds: 15, hubbleDrops: true, ingressNginx: true, certManager: true, certManagerOwnAlerts: true, cachedIngresses: [] };

describe('dashboards', () => {
  for (const d of [DATAPLANE, EDGE, BGP, CERTIFICATES]) {
    it(`builds ${d.uid} with its explicit uid, numbered panels and well-formed queries`, () => {
      const json = buildDashboard(d) as { uid: string; panels: { id: number; targets: { expr: string; refId: string }[] }[] };
      expect(json.uid).toBe(d.uid);
      expect(json.panels.map((p) => p.id)).toEqual(d.panels.map((_, i) => i + 1));
      for (const p of json.panels) for (const t of p.targets) expect(promqlProblems(t.expr)).toEqual([]);
    });
  }

  it('covers flows, drops and policy verdicts on the dataplane, and RPS, latency, 5xx and cache on the edge', () => {
    expect(DATAPLANE.panels.map((p) => p.title).slice(0, 3)).toEqual(['Flows by verdict', 'Dropped flows by reason', 'Policy verdicts']);
    expect(EDGE.panels.map((p) => p.title)).toEqual(['Requests per second', '5xx ratio', 'Upstream latency p50 / p99', 'Cache hit ratio (requests without an upstream response)']);
  });

  it('serializes with sorted keys and no generated ids, identically twice', () => {
    const a = stableJson(buildDashboard(EDGE));
    expect(a).toBe(stableJson(buildDashboard(EDGE)));
    const keys = Object.keys(JSON.parse(a) as object);
    expect(keys).toEqual([...keys].sort());
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('picks the dashboards of what runs', () => {
    expect(dashboardsFor(ALL).map((d) => d.uid)).toEqual(['strata-dataplane', 'strata-edge', 'strata-bgp', 'strata-certificates']);
    expect(dashboardsFor({ ...ALL, cilium: false, bgp: false, certManager: false }).map((d) => d.uid)).toEqual(['strata-edge']);
  });

  it('renders each as a ConfigMap with the Grafana sidecar label', () => {
    const [cm] = dashboardConfigMaps('lab', 'monitoring', [BGP]).map((c) => c.toJSON() as { metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> });
    expect([cm!.metadata.namespace, cm!.metadata.name, cm!.metadata.labels.grafana_dashboard]).toEqual(['monitoring', 'grafana-dashboard-strata-bgp', '1']);
    expect(Object.keys(cm!.data)).toEqual(['strata-bgp.json']);
    expect((JSON.parse(cm!.data['strata-bgp.json']!) as { title: string }).title).toBe('strata / BGP (Cilium)');
  });

  it('serves each dashboard the bytes a fresh build gives, for specs that differ in any one field', () => {
    const panel = EDGE.panels[2]!;
    const edited = (p: Partial<typeof panel>): DashboardSpec => ({ ...EDGE, panels: [...EDGE.panels.slice(0, 2), { ...panel, ...p }, ...EDGE.panels.slice(3)] });
    const specs: DashboardSpec[] = [
      DATAPLANE,
      EDGE,
      BGP,
      CERTIFICATES,
      { ...EDGE, uid: 'strata-edge-2' },
      { ...EDGE, title: 'strata / Edge' },
      { ...EDGE, panels: EDGE.panels.slice(1) },
      edited({ title: 'Upstream latency' }),
      edited({ unit: 'ms' }),
      edited({ queries: [panel.queries[0]!] }),
      edited({ queries: [panel.queries[0]!, [panel.queries[1]![0], 'p99']] }),
      edited({ queries: [panel.queries[0]!, [panel.queries[1]![0].replace('0.99', '0.95'), panel.queries[1]![1]]] }),
    ];
    // Twice: the second round answers from the memo, after every spec was seen.
    for (const d of specs) dashboardJson(d);
    const served = specs.map(dashboardJson);
    expect(served).toEqual(specs.map((d) => stableJson(buildDashboard(d))));
    expect(new Set(served).size).toBe(specs.length);
    const [cm] = dashboardConfigMaps('lab', 'monitoring', [EDGE]).map((c) => c.toJSON() as { data: Record<string, string> });
    expect(cm!.data['strata-edge.json']).toBe(stableJson(buildDashboard(EDGE)));
  });
});

