import { LegendDisplayMode, LegendPlacement, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { BoundedMemo } from '@strata/core';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { namespaced } from './metadata.ts';
import type { Running } from './rules.ts';
import { DASHBOARD_LABEL } from './values.ts';

/** One time-series panel: a title, a unit and its queries (expression → legend). */
export interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly (readonly [expr: string, legend: string])[];
}

/** A dashboard: explicit uid (never generated), title and panels, two per row. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The Grafana dashboard model of `spec`, built with the foundation SDK. */
export function buildDashboard(spec: DashboardSpec): unknown {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .tags(['strata'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'));
  spec.panels.forEach((p, i) => {
    const panel = new PanelBuilder()
      .id(i + 1)
      .title(p.title)
      .unit(p.unit)
      .datasource(DATASOURCE)
      .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
      .gridPos({ x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 });
    p.queries.forEach(([expr, legend], q) => {
      panel.withTarget(new DataqueryBuilder().expr(expr).legendFormat(legend).refId(String.fromCharCode(65 + q)).datasource(DATASOURCE));
    });
    builder.withPanel(panel);
  });
  return builder.build();
}

/** JSON with object keys sorted at every level and a trailing newline: the same bytes on every render. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sort(x)]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

const rate = (metric: string, by: string, filter = '') => `sum by (${by}) (rate(${metric}${filter}[5m]))`;
const NGINX_BY = 'exported_namespace, ingress';

export const DATAPLANE: DashboardSpec = {
  uid: 'strata-dataplane',
  title: 'strata / Dataplane (Cilium, Hubble)',
  panels: [
    { title: 'Flows by verdict', unit: 'ops', queries: [[rate('hubble_flows_processed_total', 'verdict'), '{{verdict}}']] },
    { title: 'Dropped flows by reason', unit: 'ops', queries: [[rate('hubble_drop_total', 'reason'), '{{reason}}']] },
    { title: 'Policy verdicts', unit: 'ops', queries: [[rate('hubble_policy_verdicts_total', 'direction, action'), '{{direction}} {{action}}']] },
    { title: 'Agent drops (datapath)', unit: 'pps', queries: [[rate('cilium_drop_count_total', 'reason'), '{{reason}}']] },
    { title: 'Agents unavailable', unit: 'short', queries: [['kube_daemonset_status_number_unavailable{namespace="kube-system", daemonset="cilium"}', 'unavailable']] },
    { title: 'Endpoints per node', unit: 'short', queries: [['sum by (instance) (cilium_endpoint_state)', '{{instance}}']] },
  ],
};

export const EDGE: DashboardSpec = {
  uid: 'strata-edge',
  title: 'strata / Edge (NGINX)',
  panels: [
    { title: 'Requests per second', unit: 'reqps', queries: [[rate('nginx_ingress_controller_requests', NGINX_BY), '{{exported_namespace}}/{{ingress}}']] },
    {
      title: '5xx ratio',
      unit: 'percentunit',
      queries: [[`${rate('nginx_ingress_controller_requests', NGINX_BY, '{status=~"5.."}')} / ${rate('nginx_ingress_controller_requests', NGINX_BY)}`, '{{exported_namespace}}/{{ingress}}']],
    },
    {
      title: 'Upstream latency p50 / p99',
      unit: 's',
      queries: [
        [`histogram_quantile(0.5, ${rate('nginx_ingress_controller_response_duration_seconds_bucket', `le, ${NGINX_BY}`)})`, 'p50 {{ingress}}'],
        [`histogram_quantile(0.99, ${rate('nginx_ingress_controller_response_duration_seconds_bucket', `le, ${NGINX_BY}`)})`, 'p99 {{ingress}}'],
      ],
    },
    {
      title: 'Cache hit ratio (requests without an upstream response)',
      unit: 'percentunit',
      queries: [[`1 - (${rate('nginx_ingress_controller_response_duration_seconds_count', NGINX_BY)} / ${rate('nginx_ingress_controller_requests', NGINX_BY)})`, '{{exported_namespace}}/{{ingress}}']],
    },
  ],
};

export const BGP: DashboardSpec = {
  uid: 'strata-bgp',
  title: 'strata / BGP (Cilium)',
  panels: [
    { title: 'Sessions established', unit: 'short', queries: [['sum by (neighbor) (cilium_bgp_control_plane_session_state)', '{{neighbor}}']] },
    { title: 'Advertised routes per node and peer', unit: 'short', queries: [['sum by (instance, neighbor) (cilium_bgp_control_plane_advertised_routes)', '{{instance}} → {{neighbor}}']] },
    { title: 'Received routes per node and peer', unit: 'short', queries: [['sum by (instance, neighbor) (cilium_bgp_control_plane_received_routes)', '{{instance}} ← {{neighbor}}']] },
  ],
};

export const CERTIFICATES: DashboardSpec = {
  uid: 'strata-certificates',
  title: 'strata / Certificates (cert-manager)',
  panels: [
    { title: 'Time to expiry', unit: 's', queries: [['min by (exported_namespace, name) (certmanager_certificate_expiration_timestamp_seconds - time())', '{{exported_namespace}}/{{name}}']] },
    { title: 'Not ready', unit: 'short', queries: [['sum by (exported_namespace, name) (certmanager_certificate_ready_status{condition!="True"})', '{{exported_namespace}}/{{name}}']] },
    { title: 'ACME requests by status', unit: 'reqps', queries: [[rate('certmanager_http_acme_client_request_count', 'status'), '{{status}}']] },
  ],
};

/** The dashboards for what runs. */
export function dashboardsFor(run: Running): DashboardSpec[] {
  return [
    ...(run.cilium ? [DATAPLANE] : []),
    ...(run.ingressNginx ? [EDGE] : []),
    ...(run.bgp ? [BGP] : []),
    ...(run.certManager ? [CERTIFICATES] : []),
  ];
}

/** Dashboard JSON by the JSON of its spec (all strings, so equal keys mean equal specs); a handful of dashboards, a few kilobytes each. */
const DASHBOARD_JSON = new BoundedMemo<string, string>(64);

/**
 * `stableJson(buildDashboard(spec))`, built once per distinct spec: the model
 * names no cluster (only the ConfigMap's labels do), so a fleet's clusters
 * share the bytes instead of rebuilding and re-serializing them each.
 */
export function dashboardJson(spec: DashboardSpec): string {
  return DASHBOARD_JSON.get(JSON.stringify(spec), () => stableJson(buildDashboard(spec)));
}

/** One ConfigMap per dashboard, labelled for the Grafana sidecar, in the block's namespace. */
export function dashboardConfigMaps(cluster: string, namespace: string, specs: readonly DashboardSpec[]): ConfigMap[] {
  return specs.map(
    (d) =>
      new ConfigMap({
        metadata: namespaced(cluster, namespace, `grafana-dashboard-${d.uid}`, { ...DASHBOARD_LABEL }),
        data: { [`${d.uid}.json`]: dashboardJson(d) },
      }),
  );
}
