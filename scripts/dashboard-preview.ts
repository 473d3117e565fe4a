/**
 * An offline preview of the "rotation forecast" CloudWatch dashboard, for the docs (no AWS account
 * needed). It synthesises the stack in-process exactly as test/stack does (config/example.json,
 * bundling skipped), takes the dashboard body from the template and lays each widget out on
 * CloudWatch's 24-column grid at its x/y/width/height.
 *
 * - Custom widgets: the HTML the real dashboard-widget handler returns, called with each widget's
 *   params, reading the demo report from a loopback S3 stand-in (the Lambda code, unchanged).
 * - Metric widgets: drawn here as simple SVG from the metric values `reportMetrics` gives for the
 *   demo report (the points the evaluate step would emit). Values a report cannot imply (scan
 *   succeeded, alerts not published, failed executions) are shown as assumed and marked so.
 * - Alarm widget: each alarm's state judged from those same values.
 *
 * The demo report is `evaluate(demoInventory(now))` at a fixed now, so the picture is stable.
 *
 *   npx tsx scripts/dashboard-preview.ts [--out out/dashboard-preview.html] [--png docs/images/dashboard.png]
 *
 * `--png` screenshots the page with a headless `chromium` (or `--chromium PATH`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { demoInventory } from '../lambdas/adapters/demo/inventory';
import { loadConfigFile } from '../lambdas/adapters/files/config-file';
import { evaluate } from '../lambdas/core/evaluate';
import { html } from '../lambdas/core/report/html';
import type { Report } from '../lambdas/core/report/model';
import { ENV } from '../lambdas/shared/environment';
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS } from '../lambdas/shared/metric-catalog';
import { type MetricPoint, reportMetrics } from '../lambdas/shared/report-metrics';
import { SNAPSHOT_KEYS } from '../lambdas/shared/snapshots';
import { createApp, EXAMPLE_CONFIG_PATH } from '../lib/app';
import { PROJECT_ROOT } from '../lib/sentinel-function';

const NOW = new Date('2026-11-23T06:00:00Z');
const CONFIG_PATH = path.join(PROJECT_ROOT, EXAMPLE_CONFIG_PATH);
/** Pixels per grid row and page width (24 columns share it); CloudWatch's own sizes vary with the screen. */
const ROW_PX = 36;
const PAGE_PX = 1400;
const GAP_PX = 8;
const HEADER_PX = 96;

/**
 * Metrics a report does not carry: they come from the scan run itself (ScanSucceeded, AlertsFailed)
 * or from Step Functions. The preview assumes the scan that produced the demo report succeeded.
 */
const ASSUMED: Record<string, number> = {
  [METRICS.scanSucceeded]: 1,
  [METRICS.alertsFailed]: 0,
  ExecutionsFailed: 0,
};

interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown> & { title?: string };
}

interface Series {
  label: string;
  value: number | undefined;
  assumed: boolean;
}

// ---------------------------------------------------------------------------------------------
// The stack's dashboard and alarms

/** CloudFormation intrinsics in the dashboard body as readable placeholders (<Id.Attr>, <AWS::Region>). */
function resolveTokens(part: unknown): string {
  if (typeof part === 'string') return part;
  const node = part as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveTokens).join(separator);
  }
  if (node['Fn::GetAtt']) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    return `<${id}.${attribute}>`;
  }
  if (node.Ref) return `<${String(node.Ref)}>`;
  throw new Error(`cannot resolve ${JSON.stringify(node)} in the dashboard body`);
}

function synthesise(): { widgets: Widget[]; dashboardName: string; alarms: Record<string, AlarmResource> } {
  const { stack } = createApp({ context: { 'aws:cdk:bundling-stacks': [], config: CONFIG_PATH } });
  const template = Template.fromStack(stack);
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const { DashboardBody, DashboardName } = dashboards[0].Properties as {
    DashboardBody: unknown;
    DashboardName: string;
  };
  const body = JSON.parse(resolveTokens(DashboardBody)) as { widgets: Widget[] };
  const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>;
  return { widgets: body.widgets, dashboardName: DashboardName, alarms };
}

// ---------------------------------------------------------------------------------------------
// Metric values from the demo report

function sameDimensions(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** The value one metric (namespace, name, dimensions) would have after the demo scan. */
function metricValue(
  points: MetricPoint[],
  namespace: string,
  name: string,
  dimensions: Record<string, string>,
): { value: number | undefined; assumed: boolean } {
  if (namespace === METRIC_NAMESPACE) {
    const { service, ...rest } = dimensions;
    const point =
      service === METRIC_SERVICE
        ? points.find((p) => p.name === name && sameDimensions(p.dimensions, rest))
        : undefined;
    if (point) return { value: point.value, assumed: false };
  }
  if (name in ASSUMED) return { value: ASSUMED[name], assumed: true };
  return { value: undefined, assumed: false };
}

function pairs(flat: unknown[]): Record<string, string> {
  const dims: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) dims[String(flat[i])] = String(flat[i + 1]);
  return dims;
}

/** The series a metric widget draws: plain metrics, or every match of a SEARCH expression. */
function seriesOf(widget: Widget, points: MetricPoint[]): Series[] {
  const rows = (widget.properties.metrics ?? []) as unknown[][];
  return rows.flatMap((row): Series[] => {
    const last = row[row.length - 1];
    const options = (typeof last === 'object' && last !== null ? last : {}) as {
      label?: string;
      expression?: string;
    };
    if (options.expression) {
      const match = /SEARCH\('\{([^}]*)\} MetricName="([^"]+)"/.exec(options.expression);
      if (!match) throw new Error(`unsupported expression ${options.expression}`);
      const [namespace, ...dimensionNames] = match[1].split(',');
      const shown = dimensionNames.filter((d) => d !== 'service');
      return points
        .filter(
          (p) =>
            namespace === METRIC_NAMESPACE &&
            p.name === match[2] &&
            sameDimensions(Object.fromEntries(shown.map((d) => [d, p.dimensions[d]])), p.dimensions),
        )
        .map((p) => ({ label: shown.map((d) => p.dimensions[d]).join(' '), value: p.value, assumed: false }));
    }
    const [namespace, name, ...rest] = (options === last ? row.slice(0, -1) : row) as string[];
    const dimensions = pairs(rest);
    return [{ label: options.label ?? name, ...metricValue(points, namespace, name, dimensions) }];
  });
}

// ---------------------------------------------------------------------------------------------
// Drawing

const TIER_COLOURS: Record<string, string> = {
  ok: '#2ca02c',
  notice: '#1f77b4',
  warning: '#ff9900',
  critical: '#d62728',
  expired: '#7f1d1d',
};
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

function colourOf(label: string, index: number): string {
  if (TIER_COLOURS[label]) return TIER_COLOURS[label];
  if (/fail|not published/.test(label)) return '#d62728';
  if (/OK|succeeded/.test(label)) return '#2ca02c';
  return PALETTE[index % PALETTE.length];
}

/** An axis maximum that splits into four round ticks. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value / 4));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s * 4 >= value) ?? value / 4;
  return step * 4;
}

/** Vertical bars, one per series (CloudWatch's "bar" view of a SEARCH over years). */
function columns(series: Series[], width: number, height: number): string {
  const max = niceMax(Math.max(...series.map((s) => s.value ?? 0)));
  const left = 36;
  const bottom = 22;
  const plotH = height - bottom - 14;
  const slot = (width - left - 8) / Math.max(series.length, 1);
  const bar = Math.min(slot * 0.6, 70);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = 14 + plotH * (1 - f);
    return `<line x1="${left}" x2="${width - 8}" y1="${y}" y2="${y}" stroke="#e9ebed"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" class="tick">${Math.round(max * f)}</text>`;
  });
  const bars = series.map((s, i) => {
    const h = ((s.value ?? 0) / max) * plotH;
    const x = left + slot * i + (slot - bar) / 2;
    const y = 14 + plotH - h;
    return [
      `<rect x="${x}" y="${y}" width="${bar}" height="${h}" fill="${PALETTE[0]}"/>`,
      `<text x="${x + bar / 2}" y="${y - 4}" text-anchor="middle" class="val">${s.value ?? 'no data'}</text>`,
      html`<text x="${x + bar / 2}" y="${height - 6}" text-anchor="middle" class="tick">${s.label}</text>`,
    ].join('');
  });
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${grid.join('')}${bars.join('')}</svg>`;
}

/** Horizontal bars, one per series, with optional horizontal annotations drawn as limit lines. */
function bars(
  series: Series[],
  width: number,
  height: number,
  limits: Array<{ value: number; label: string }>,
): string {
  const labelW = Math.min(170, Math.max(...series.map((s) => s.label.length * 7 + 12)));
  const plotW = width - labelW - 44;
  const max = niceMax(Math.max(...series.map((s) => s.value ?? 0), ...limits.map((l) => l.value)));
  const top = limits.length > 0 ? 18 : 6;
  const rowH = Math.min(34, (height - top - 6) / Math.max(series.length, 1));
  const rows = series.map((s, i) => {
    const y = top + rowH * i;
    const w = ((s.value ?? 0) / max) * plotW;
    const fill = colourOf(s.label, i);
    const value = s.value === undefined ? 'no data' : `${s.value}${s.assumed ? ' (assumed)' : ''}`;
    return [
      html`<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" class="lbl">${s.label}</text>`,
      `<rect x="${labelW}" y="${y + rowH * 0.18}" width="${Math.max(w, 1.5)}" height="${rowH * 0.64}" fill="${fill}"${s.assumed ? ' fill-opacity="0.35"' : ''}/>`,
      html`<text x="${labelW + Math.max(w, 1.5) + 6}" y="${y + rowH / 2 + 4}" class="val${s.assumed ? ' assumed' : ''}">${value}</text>`,
    ].join('');
  });
  const bottom = top + rowH * series.length;
  const lines = limits.map((l) => {
    const x = labelW + (l.value / max) * plotW;
    return html`<line x1="${x}" x2="${x}" y1="${top - 4}" y2="${bottom}" stroke="#d62728" stroke-dasharray="5 3"/><text x="${x}" y="${top - 7}" text-anchor="end" class="tick">${l.label}</text>`;
  });
  const axis = `<line x1="${labelW}" x2="${labelW}" y1="${top}" y2="${bottom}" stroke="#aab7b8"/>`;
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${axis}${rows.join('')}${lines.join('')}</svg>`;
}

function singleValue(series: Series[]): string {
  return series
    .map(
      (s) =>
        `<div class="single"><span class="big">${s.value ?? '–'}</span><span class="unit">days</span></div>`,
    )
    .join('');
}

interface AlarmResource {
  Properties: {
    AlarmDescription: string;
    MetricName: string;
    Namespace: string;
    Dimensions?: Array<{ Name: string; Value: unknown }>;
    Threshold: number;
    ComparisonOperator: string;
  };
}

const COMPARE: Record<string, (v: number, t: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/** Compact tiles, as CloudWatch's alarm status widget shows them; the description is the tooltip. */
function alarmTiles(widget: Widget, alarms: Record<string, AlarmResource>, points: MetricPoint[]): string {
  const arns = (widget.properties.alarms ?? []) as string[];
  const items = arns.map((arn) => {
    const id = /^<(.+)\.Arn>$/.exec(arn)?.[1] ?? arn;
    const alarm = alarms[id]?.Properties;
    if (!alarm) return html`<div class="tile">${arn}</div>`;
    const dims = Object.fromEntries((alarm.Dimensions ?? []).map((d) => [d.Name, resolveTokens(d.Value)]));
    const { value, assumed } = metricValue(points, alarm.Namespace, alarm.MetricName, dims);
    const state =
      value === undefined
        ? 'INSUFFICIENT_DATA'
        : COMPARE[alarm.ComparisonOperator](value, alarm.Threshold)
          ? 'ALARM'
          : 'OK';
    const basis = `${alarm.MetricName} = ${value ?? 'no data'}${assumed ? ' (assumed)' : ''}`;
    const name = id.replace(/^RotationForecast/, '').replace(/[0-9A-F]{8}$/, '');
    return html`<div class="tile ${state}" title="${alarm.AlarmDescription}"><b>${state === 'INSUFFICIENT_DATA' ? 'NO DATA' : state}</b><span class="name">${name}</span><span class="basis">${basis}</span></div>`;
  });
  return `<div class="tiles">${items.join('')}</div>`;
}

function markdown(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('# ') ? html`<h1>${line.slice(2)}</h1>` : html`<p>${line}</p>`))
    .join('');
}

const colPx = (PAGE_PX - 2 * 16 - 23 * GAP_PX) / 24;
const widgetPx = (w: Widget) => ({
  width: w.width * colPx + (w.width - 1) * GAP_PX,
  height: w.height * ROW_PX + (w.height - 1) * GAP_PX,
});

function metricBody(widget: Widget, points: MetricPoint[]): string {
  const series = seriesOf(widget, points);
  const px = widgetPx(widget);
  const w = px.width - 24;
  const h = px.height - 62;
  const p = widget.properties as {
    view?: string;
    annotations?: { horizontal?: Array<{ value: number; label: string }> };
  };
  if (p.view === 'singleValue') return singleValue(series);
  return p.view === 'bar' ? columns(series, w, h) : bars(series, w, h, p.annotations?.horizontal ?? []);
}

async function customBodies(widgets: Widget[], report: Report): Promise<Map<Widget, string>> {
  // The real handler, reading the report from a loopback S3 stand-in (path-style GET only).
  const bucket = 'preview-snapshots';
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === `/${bucket}/${SNAPSHOT_KEYS.latestReport}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    } else {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code><Message>not in the preview</Message></Error>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    [ENV.snapshotBucket]: bucket,
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'preview',
    AWS_SECRET_ACCESS_KEY: 'preview',
  });
  try {
    // Loaded only now: the handler reads SNAPSHOT_BUCKET and builds its S3 client at module load.
    const { handler } =
      require('../lambdas/dashboard-widget/handler') as typeof import('../lambdas/dashboard-widget/handler');
    const bodies = new Map<Widget, string>();
    for (const widget of widgets.filter((w) => w.type === 'custom')) {
      // CloudWatch passes the widget's params as the event (plus a widgetContext the handler ignores).
      bodies.set(widget, await handler((widget.properties.params ?? {}) as Parameters<typeof handler>[0]));
    }
    return bodies;
  } finally {
    server.close();
  }
}

const STYLE = `
* { box-sizing: border-box; }
html { overflow: hidden; }
body { margin: 0; background: #f2f3f3; font: 13px/1.4 "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif; color: #16191f; width: ${PAGE_PX}px; }
header { height: ${HEADER_PX}px; padding: 12px 16px 0; }
header h1 { font-size: 20px; margin: 0 0 6px; font-weight: 700; }
.banner { background: #fff8e6; border: 1px solid #ff9900; border-radius: 4px; padding: 6px 10px; font-size: 13px; }
.grid { position: relative; margin: 0 16px 16px; }
.widget { position: absolute; background: #fff; border: 1px solid #d5dbdb; border-radius: 3px; box-shadow: 0 1px 1px rgba(0,28,36,.15); overflow: hidden; display: flex; flex-direction: column; }
.widget.text { background: transparent; border: none; box-shadow: none; }
.title { font-weight: 700; font-size: 14px; padding: 8px 12px 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.content { padding: 4px 12px 4px; overflow: hidden; flex: 1; }
.custom .content { overflow-y: auto; }
.kind { font-size: 11px; color: #687078; padding: 0 12px 5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.text h1 { font-size: 22px; margin: 4px 0 4px; }
.text p { margin: 0; color: #414750; }
.custom table { border-collapse: collapse; width: 100%; font-size: 12px; }
.custom th { text-align: left; background: #fafafa; border-bottom: 2px solid #eaeded; padding: 4px 6px; }
.custom td { border-bottom: 1px solid #eaeded; padding: 3px 6px; vertical-align: top; }
.custom p { margin: 2px 0 6px; }
svg text { font-family: inherit; }
.tick { font-size: 11px; fill: #687078; }
.lbl { font-size: 12px; fill: #16191f; }
.val { font-size: 12px; fill: #16191f; font-weight: 700; }
.val.assumed { font-weight: 400; font-style: italic; fill: #687078; }
.note { font-size: 11px; color: #687078; }
.single { display: flex; align-items: baseline; gap: 8px; padding: 6px 4px; }
.single .big { font-size: 44px; font-weight: 300; color: #d62728; }
.single .unit { color: #687078; }
.tiles { display: flex; gap: 8px; height: 100%; }
.tile { flex: 1; border-radius: 3px; padding: 4px 8px; line-height: 1.25; color: #fff; display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.tile.OK { background: #1d8102; } .tile.ALARM { background: #d13212; } .tile.INSUFFICIENT_DATA { background: #879596; }
.tile b { font-size: 13px; } .tile .name { font-weight: 700; } .tile .basis { font-size: 11px; opacity: .9; }
`;

function page(
  dashboardName: string,
  widgets: Widget[],
  points: MetricPoint[],
  custom: Map<Widget, string>,
  alarms: Record<string, AlarmResource>,
): string {
  const rows = Math.max(...widgets.map((w) => w.y + w.height));
  const gridHeight = rows * ROW_PX + (rows - 1) * GAP_PX;
  const panels = widgets.map((w) => {
    const { width, height } = widgetPx(w);
    const pos = `left:${w.x * (colPx + GAP_PX)}px;top:${w.y * (ROW_PX + GAP_PX)}px;width:${width}px;height:${height}px`;
    const title = w.properties.title ?? '';
    let kind = '';
    let body: string;
    if (w.type === 'text') body = markdown(String(w.properties.markdown ?? ''));
    else if (w.type === 'custom') {
      kind = 'custom widget · the dashboard-widget Lambda output for the demo report';
      body = custom.get(w) ?? '';
    } else if (w.type === 'alarm') {
      kind = 'alarm status · preview: states judged from the demo report';
      body = alarmTiles(w, alarms, points);
    } else {
      kind =
        w.properties.view === 'timeSeries'
          ? 'metric widget · preview: latest daily point, from the demo report'
          : 'metric widget · preview from the demo report';
      body = metricBody(w, points);
    }
    const head = w.type === 'text' ? '' : html`<div class="title">${title}</div>`;
    const foot = kind ? `<div class="kind">${kind}</div>` : '';
    return `<section class="widget ${w.type}" style="${pos}">${head}<div class="content">${body}</div>${foot}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html`${dashboardName}`} (preview)</title><style>${STYLE}</style></head>
<body>
<header><h1>CloudWatch dashboard ${html`${dashboardName}`}</h1>
<div class="banner"><b>Preview:</b> metric widgets drawn from the demo report; in AWS, CloudWatch draws them from the EMF metrics.
Custom widgets show the HTML the dashboard-widget Lambda returns for the demo report (scan of 2026-11-23 06:00 UTC). Layout and titles come from the synthesised stack (config/example.json).</div></header>
<div class="grid" style="height:${gridHeight}px">${panels.join('\n')}</div>
</body></html>
`;
}

function pageHeight(widgets: Widget[]): number {
  const rows = Math.max(...widgets.map((w) => w.y + w.height));
  return HEADER_PX + rows * ROW_PX + (rows - 1) * GAP_PX + 16;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'out/dashboard-preview.html' },
      png: { type: 'string' },
      chromium: { type: 'string', default: 'chromium' },
    },
  });
  const out = path.resolve(values.out as string);
  const { widgets, dashboardName, alarms } = synthesise();
  const config = loadConfigFile(CONFIG_PATH);
  const report = evaluate(demoInventory(NOW), { now: NOW, config });
  const points = reportMetrics(report, config);
  const custom = await customBodies(widgets, report);

  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, page(dashboardName, widgets, points, custom, alarms));
  const size = `${PAGE_PX},${pageHeight(widgets)}`;
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), out)} (${widgets.length} widgets, page ${size} px)\n`,
  );

  if (values.png) {
    const png = path.resolve(values.png);
    const profile = mkdtempSync(path.join(tmpdir(), 'dashboard-preview-'));
    try {
      execFileSync(
        values.chromium as string,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${profile}`,
          `--screenshot=${png}`,
          `--window-size=${size}`,
          `file://${out}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    process.stdout.write(`Wrote ${path.relative(process.cwd(), png)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard-preview: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
