import { requireParameter } from '@rooney/core';
import { dataTable, keyValueTable } from './data-table.ts';
import type { DataTableOptions } from './data-table.ts';
import { escapeHtml } from './escape.ts';
import { formatCurrency, formatDateTimeUtc, formatDateUtc, formatNumber } from './format.ts';
import { monthlyReturnsHeatmap } from './heatmap.ts';
import type { MonthlyReturnEntry } from './heatmap.ts';
import { hasInteractiveChart, interactiveChart } from './interactive-chart.ts';
import { DEFAULT_MAX_POINTS, areaChartSvg, lineChartSvg } from './line-chart.ts';
import { REPORT_SCRIPT } from './script.ts';
import { REPORT_CSS } from './styles.ts';
import { uplotAssets } from './uplot-assets.ts';
import type { NumericArray } from './types.ts';

/** A time series of the report: epoch-ms UTC timestamps and one value per timestamp. */
export interface ReportSeries {
  readonly ts: NumericArray;
  readonly value: NumericArray;
}

/** One headline number of the summary grid, already formatted by the caller. */
export interface SummaryMetric {
  readonly label: string;
  readonly value: string;
  /** Colours the value green (`positive`) or red (`negative`). */
  readonly tone?: 'positive' | 'negative' | 'neutral';
}

/** A titled data table (trades, per-instrument statistics, ...). */
export interface ReportTable extends DataTableOptions {
  readonly title: string;
}

/** A titled block of ready-made HTML, e.g. charts built with this module's builders. */
export interface ReportSection {
  readonly title: string;
  /** Inserted as is (trusted): build it with the chart builders and escape user text with `escapeHtml`. */
  readonly html: string;
}

/** Everything one report shows. Rendering is a pure function of this value. */
export interface ReportData {
  readonly title: string;
  readonly subtitle?: string;
  /** Prominent labels such as `synthetic data` or `in-sample`. */
  readonly badges?: readonly string[];
  /** Warnings that change how every number must be read (e.g. in-sample results): a red banner above everything. */
  readonly warnings?: readonly string[];
  readonly summary: readonly SummaryMetric[];
  /**
   * Account equity over time (currency); `startingValue` draws a reference line and seeds the
   * drawdown peak. Reports without a time series (Monte Carlo, optimizer) leave it out: no equity
   * or drawdown chart is drawn then.
   */
  readonly equity?: ReportSeries & {
    readonly startingValue?: number;
    /** More lines on the equity chart, one value per `equity.ts` (e.g. a benchmark scaled to the starting cash). */
    readonly overlays?: readonly { readonly name: string; readonly values: NumericArray; readonly color?: string }[];
  };
  /**
   * Drawdown as a fraction below the running peak (0.12 = 12% under water), as `fraction` of
   * `drawdownSeries` in `@rooney/portfolio`; the sign is ignored and it is drawn below zero.
   * When absent it is computed from `equity` (peak seeded with `equity.startingValue`).
   */
  readonly drawdown?: ReportSeries;
  readonly monthlyReturns?: readonly MonthlyReturnEntry[];
  /** Tables; each shows at most `maxRows` rows (default 1,000) so the file stays small. */
  readonly tables?: readonly ReportTable[];
  readonly sections?: readonly ReportSection[];
  /** Run inputs (config path, seed, data range, ...), listed at the end. */
  readonly inputs?: Readonly<Record<string, string | number>>;
  /** When the report was made (epoch ms), printed in the footer; supplied by the caller so rendering stays deterministic. */
  readonly generatedAt?: number;
  /** Points drawn per time-series chart (default 2000). */
  readonly maxPoints?: number;
  /**
   * Draw the equity and drawdown charts as explorable charts (zoom, hover; uPlot inlined) with a
   * static SVG for print — default true. `false` gives static SVG only (a smaller file).
   */
  readonly interactive?: boolean;
}

/** Group of the report's explorable time charts: they zoom and hover together. */
export const TIME_CHART_GROUP = 'time';

/** Default cap on rows per report table. */
export const DEFAULT_TABLE_ROWS = 1000;

/** Drawdown fractions (<= 0) of an equity series: `value / runningPeak - 1`, 0 while the peak is not positive. */
function drawdownFromEquity(value: NumericArray, startingValue: number | undefined): Float64Array {
  const out = new Float64Array(value.length);
  let peak = startingValue ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (v > peak) peak = v;
    out[i] = peak > 0 ? Math.min(0, v / peak - 1) : 0;
  }
  return out;
}

function underwater(value: NumericArray): Float64Array {
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = -Math.abs(value[i]);
  return out;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface Block {
  readonly id: string;
  readonly title: string;
  readonly html: string;
  /** Long blocks may break across printed pages. */
  readonly long?: boolean;
}

function pointsNote(total: number, maxPoints: number): string {
  if (total <= maxPoints) return `${formatNumber(total, 0)} points.`;
  return `${formatNumber(total, 0)} points, drawn as at most ${formatNumber(maxPoints, 0)} (minimum and maximum of each bucket kept, so no spike is lost).`;
}

/**
 * A complete, self-contained HTML report (inline CSS, inline SVG charts, a small inline script
 * for tooltips and table sorting; no external URL, font, image or script, and a
 * Content-Security-Policy that blocks network loads). The equity and drawdown charts — and any
 * {@link interactiveChart} in `sections` — are explorable (zoom, hover) with the uPlot library
 * inlined once (about 53 kB), and keep a static SVG for print. Deterministic: the same data gives
 * byte-identical output. Every user string is escaped except `sections[].html`.
 */
export function renderReport(data: ReportData): string {
  const equity = data.equity ?? { ts: [], value: [] };
  requireParameter(equity.ts.length === equity.value.length, 'equity.value', `as long as equity.ts (${equity.ts.length})`, equity.value.length);
  const maxPoints = data.maxPoints ?? DEFAULT_MAX_POINTS;
  const blocks: Block[] = [];
  const usedIds = new Set<string>();
  const add = (title: string, html: string, long = false): void => {
    const base = `section-${slug(title) || 'untitled'}`;
    let id = base;
    for (let k = 2; usedIds.has(id); k++) id = `${base}-${k}`;
    usedIds.add(id);
    blocks.push({ id, title, html, long });
  };

  if (data.summary.length > 0) {
    let html = '<div class="summary-grid">';
    for (const metric of data.summary) {
      const tone = metric.tone === undefined || metric.tone === 'neutral' ? '' : ` ${metric.tone}`;
      html += `<div class="metric${tone}"><div class="label">${escapeHtml(metric.label)}</div><div class="value">${escapeHtml(metric.value)}</div></div>`;
    }
    add('Summary', `${html}</div>`);
  }

  const n = equity.ts.length;
  const start = data.equity?.startingValue;
  const interactive = data.interactive ?? true;
  if (data.equity !== undefined) {
    const reference = start === undefined ? undefined : { value: start, label: `start ${formatCurrency(start, 0)}` };
    const chart = interactive && n > 0
      ? interactiveChart({
          x: equity.ts,
          series: [{ name: 'Equity', values: equity.value }, ...(data.equity.overlays ?? [])],
          valueFormat: 'currency',
          title: 'Equity curve',
          maxPoints,
          group: TIME_CHART_GROUP,
          ...(reference !== undefined ? { referenceLine: reference } : {}),
        })
      : lineChartSvg({
          x: equity.ts,
          series: [{ name: 'Equity', values: equity.value }, ...(data.equity.overlays ?? [])],
          valueFormat: 'currency',
          title: 'Equity curve',
          maxPoints,
          referenceLine: reference,
        });
    add('Equity', `<div class="chart-box">${chart}</div><p class="note">${pointsNote(n, maxPoints)}</p>`);
  }

  const drawdown = data.drawdown;
  if (drawdown !== undefined) {
    requireParameter(drawdown.ts.length === drawdown.value.length, 'drawdown.value', `as long as drawdown.ts (${drawdown.ts.length})`, drawdown.value.length);
  }
  if (drawdown !== undefined || (data.equity !== undefined && n > 0)) {
    const x = drawdown?.ts ?? equity.ts;
    const values = drawdown === undefined ? drawdownFromEquity(equity.value, start) : underwater(drawdown.value);
    const title = 'Drawdown from running peak';
    const chart = interactive && x.length > 0
      ? interactiveChart({ x, series: [{ name: 'Drawdown', values, style: 'area', color: '#dc2626' }], valueFormat: 'percent', title, height: 220, maxPoints, includeZero: true, group: TIME_CHART_GROUP })
      : areaChartSvg({ x, values, name: 'Drawdown', valueFormat: 'percent', title, height: 220, maxPoints });
    add('Drawdown', `<div class="chart-box">${chart}</div>`);
  }

  if (data.monthlyReturns !== undefined && data.monthlyReturns.length > 0) {
    add('Monthly returns', `<div class="table-wrap">${monthlyReturnsHeatmap(data.monthlyReturns)}</div><p class="note">Year: the months shown, compounded.</p>`);
  }

  for (const table of data.tables ?? []) {
    const { title, ...options } = table;
    add(title, dataTable({ ...options, maxRows: options.maxRows ?? DEFAULT_TABLE_ROWS }), true);
  }

  for (const section of data.sections ?? []) add(section.title, section.html, true);

  if (data.inputs !== undefined && Object.keys(data.inputs).length > 0) add('Inputs', keyValueTable(data.inputs));

  let header = `<header class="report-header"><h1>${escapeHtml(data.title)}</h1>`;
  if (data.subtitle !== undefined) header += `<p class="subtitle">${escapeHtml(data.subtitle)}</p>`;
  if (n > 0) {
    header += `<p class="subtitle">${formatDateUtc(equity.ts[0])} to ${formatDateUtc(equity.ts[n - 1])} (UTC)</p>`;
  }
  if (data.badges !== undefined && data.badges.length > 0) {
    header += `<div class="badges">${data.badges.map((badge) => `<span class="badge">${escapeHtml(badge)}</span>`).join('')}</div>`;
  }
  for (const warning of data.warnings ?? []) header += `<div class="warning-banner" role="alert">${escapeHtml(warning)}</div>`;
  header += '</header>';

  const navigation = `<nav class="contents">${blocks.map((block) => `<a href="#${block.id}">${escapeHtml(block.title)}</a>`).join('')}</nav>`;
  const body = blocks
    .map((block) => `<section id="${block.id}"${block.long ? ' class="long"' : ''}><h2>${escapeHtml(block.title)}</h2>${block.html}</section>`)
    .join('\n');
  const assets = hasInteractiveChart(body) ? uplotAssets() : undefined;
  const footer = `<footer>Generated by Rooney${data.generatedAt === undefined ? '' : ` on ${formatDateTimeUtc(data.generatedAt)}`}. Times are UTC.</footer>`;

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Rooney">',
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${REPORT_CSS}${assets === undefined ? '' : `\n${assets.css}`}</style>`,
    '</head>',
    '<body>',
    `<main>${header}${navigation}\n${body}\n${footer}</main>`,
    ...(assets === undefined ? [] : [`<script>${assets.script}</script>`]),
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
