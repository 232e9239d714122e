/** The report's stylesheet: system fonts only, readable on screen, clean on paper. */
export const REPORT_CSS = `
:root {
  --text: #111827; --muted: #6b7280; --line: #e5e7eb; --panel: #f9fafb; --accent: #2563eb;
  --positive: #15803d; --negative: #b91c1c; --warning-bg: #fef3c7; --warning-text: #92400e;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--text); background: #ffffff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
header.report-header { border-bottom: 2px solid var(--text); padding-bottom: 12px; margin-bottom: 16px; }
h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0; font-size: 15px; }
.badges { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 6px; }
.badge {
  display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 600;
  background: var(--warning-bg); color: var(--warning-text); border: 1px solid #fcd34d;
  text-transform: uppercase; letter-spacing: 0.04em;
}
.warning-banner { margin-top: 10px; padding: 10px 14px; border: 2px solid var(--negative); border-radius: 8px; background: #fee2e2; color: var(--negative); font-weight: 700; font-size: 15px; }
nav.contents { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; margin-bottom: 8px; }
nav.contents a { color: var(--accent); text-decoration: none; }
nav.contents a:hover { text-decoration: underline; }
section { margin-top: 28px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.summary-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
.metric { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.metric .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; }
.metric .value { font-size: 20px; font-weight: 650; margin-top: 2px; word-break: break-word; }
.metric.positive .value { color: var(--positive); }
.metric.negative .value { color: var(--negative); }
.chart-box { position: relative; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; overflow: visible; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
table.data { width: 100%; }
table.data th, table.data td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
table.data th { background: var(--panel); font-weight: 600; position: sticky; top: 0; }
table.data .number { text-align: right; }
table.data td.empty { color: var(--muted); text-align: center; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; font-size: 10px; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; font-size: 10px; }
table.data tbody tr:hover { background: #f3f4f6; }
table.heatmap th, table.heatmap td { padding: 5px 8px; text-align: right; border: 1px solid #ffffff; min-width: 56px; }
table.heatmap thead th { background: var(--panel); text-align: center; }
table.heatmap tbody th { background: var(--panel); text-align: left; }
table.heatmap td.empty { background: #ffffff; }
table.heatmap td.summary, table.heatmap th.summary { border-left: 3px solid #ffffff; font-weight: 650; }
table.heatmap td.highlight { outline: 2px solid var(--text); outline-offset: -2px; font-weight: 700; }
table.key-value th, table.key-value td { padding: 4px 12px 4px 0; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
table.key-value th { color: var(--muted); font-weight: 500; }
table.key-value td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
.note { color: var(--muted); font-size: 12px; margin: 6px 0 0; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.chart-tooltip {
  position: absolute; pointer-events: none; z-index: 10; background: rgba(17, 24, 39, 0.92); color: #ffffff;
  border-radius: 6px; padding: 6px 9px; font-size: 12px; line-height: 1.4; white-space: nowrap; display: none;
}
.chart-tooltip .swatch { display: inline-block; width: 8px; height: 8px; border-radius: 2px; margin-right: 6px; }
.chart-tooltip .when { color: #d1d5db; margin-bottom: 2px; }
figure.ichart { margin: 0; }
.ichart-live, .ichart-help { display: none; }
.ichart.live .ichart-live, .ichart.live .ichart-help { display: block; }
.ichart.live .ichart-static { display: none; }
.ichart-help { color: var(--muted); font-size: 12px; margin: 2px 0 0; }
.ichart .u-title { font-size: 14px; font-weight: 600; }
.ichart .u-legend { font-size: 12px; }
.ichart .u-legend th { font-weight: 500; }
.ichart .u-select { background: rgba(37, 99, 235, 0.12); }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
@media (max-width: 640px) { main { padding: 16px 12px 32px; } h1 { font-size: 21px; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.contents, .chart-tooltip, .ichart-live, .ichart-help { display: none !important; }
  .ichart .ichart-static { display: block !important; }
  section { break-inside: avoid-page; page-break-inside: avoid; }
  section.long { break-inside: auto; page-break-inside: auto; }
  table.data th { position: static; }
  .metric, table.heatmap td, .badge, .warning-banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
