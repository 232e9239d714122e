import { dataTable, escapeHtml, heatmapTable, renderReport } from '@rooney/report';
import type { ReportSection, TableCell, ValueFormat } from '@rooney/report';
import { money, percent, ratio } from '../table-format.ts';
import type { ParamValue } from './grid.ts';
import { SWEEP_METRICS, lowerIsBetter, metricScore } from './sweep-metrics.ts';
import type { SweepMetricName } from './sweep-metrics.ts';
import { sweptOverridesText } from './apply-params.ts';
import { bestRow } from './sweep-table.ts';
import type { SweepRow, SweepTable } from './sweep-table.ts';

/** How each metric is written in the report. */
export const METRIC_FORMATS: Readonly<Record<SweepMetricName, ValueFormat>> = Object.freeze({
  net_pnl: 'currency',
  total_return: 'percent',
  sharpe: 'number',
  sortino: 'number',
  max_drawdown: 'currency',
  max_drawdown_fraction: 'percent',
  trades: 'integer',
  win_rate: 'percent',
  profit_factor: 'number',
});

/** Text of a parameter value. */
export function paramText(value: ParamValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** `a=1, b=0.2` for a row's parameters. */
export function paramsText(params: Readonly<Record<string, ParamValue>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${paramText(value)}`)
    .join(', ');
}

function key(value: ParamValue): string {
  return JSON.stringify(value);
}

/**
 * A heat map of `metric` over the first two dimensions (one column when there is only one). A cell
 * shows the best value over the other dimensions (`--metric`'s sense of best), empty when no
 * sampled combination has that pair.
 */
export function sweepHeatmap(table: SweepTable, metric: SweepMetricName): string {
  const [rowsDimension, columnsDimension] = table.grid;
  const rowIndex = new Map(rowsDimension.values.map((v, k) => [key(v), k]));
  const columnIndex = columnsDimension === undefined ? undefined : new Map(columnsDimension.values.map((v, k) => [key(v), k]));
  const columnLabels = columnsDimension === undefined ? [metric] : columnsDimension.values.map(paramText);
  const cells: (number | null)[][] = rowsDimension.values.map(() => columnLabels.map(() => null));
  const scores: number[][] = rowsDimension.values.map(() => columnLabels.map(() => Number.NEGATIVE_INFINITY));
  for (const row of table.rows) {
    const r = rowIndex.get(key(row.params[rowsDimension.name])) as number;
    const c = columnIndex === undefined ? 0 : (columnIndex.get(key(row.params[columnsDimension.name])) as number);
    const value = row.metrics[metric];
    const score = metricScore(row.metrics, metric);
    if (value !== null && (cells[r][c] === null || score > scores[r][c])) {
      cells[r][c] = value;
      scores[r][c] = score;
    }
  }
  const best = bestRow(table);
  const highlight =
    best === undefined
      ? undefined
      : {
          row: rowIndex.get(key(best.params[rowsDimension.name])) as number,
          column: columnIndex === undefined ? 0 : (columnIndex.get(key(best.params[columnsDimension.name])) as number),
        };
  return heatmapTable({
    rowLabels: rowsDimension.values.map(paramText),
    columnLabels,
    values: cells,
    valueFormat: METRIC_FORMATS[metric],
    higherIsBetter: !lowerIsBetter(metric),
    corner: columnsDimension === undefined ? rowsDimension.name : `${rowsDimension.name} \\ ${columnsDimension.name}`,
    caption: metric,
    ...(highlight !== undefined ? { highlight } : {}),
  });
}

function metricText(metric: SweepMetricName, value: number | null): string {
  if (value === null) return '-';
  switch (METRIC_FORMATS[metric]) {
    case 'currency':
      return money(value);
    case 'percent':
      return percent(value);
    case 'integer':
      return String(value);
    default:
      return ratio(value);
  }
}

function rowCells(table: SweepTable, row: SweepRow): TableCell[] {
  return [
    row.index,
    ...table.grid.map((d) => {
      const value = row.params[d.name];
      return typeof value === 'number' ? value : paramText(value);
    }),
    ...SWEEP_METRICS.map((m) => row.metrics[m]),
  ];
}

/**
 * The sweep's HTML report: the best combination's equity, heat maps of the ranking metric and of
 * net PnL over the first two dimensions, and every combination in a sortable table. A pure
 * function of the table, so a merged sweep and a single run give the same bytes.
 */
export function sweepReportHtml(table: SweepTable): string {
  const best = bestRow(table);
  const curve = table.best?.daily ?? { ts: [], value: [] };
  const others = table.grid.slice(2).map((d) => d.name);
  const note =
    others.length === 0
      ? ''
      : `<p class="note">Each cell is the best over ${escapeHtml(others.join(', '))}. The outlined cell holds the best combination.</p>`;
  const sections: ReportSection[] = [
    { title: `Heat map: ${table.metric}`, html: `<div class="table-wrap">${sweepHeatmap(table, table.metric)}</div>${note}` },
  ];
  if (table.metric !== 'net_pnl') {
    sections.push({ title: 'Heat map: net_pnl', html: `<div class="table-wrap">${sweepHeatmap(table, 'net_pnl')}</div>${note}` });
  }
  const replaced = sweptOverridesText(table.overridesReplaced ?? []);
  if (replaced.length > 0) {
    sections.unshift({
      title: 'Per-symbol overrides replaced by the sweep',
      html: `<p class="note">The config's <code>contracts.&lt;symbol&gt;.strategy_overrides</code> set a parameter this sweep varies. The sweep's value was applied over them, so every combination uses its value on every symbol:</p><ul>${replaced
        .map((line) => `<li>${escapeHtml(line)}</li>`)
        .join('')}</ul>`,
    });
  }
  const shardNote = table.shard === undefined ? '' : ` (shard ${table.shard.index}/${table.shard.count})`;
  return renderReport({
    title: 'Rooney parameter sweep',
    subtitle: `${table.rows.length} of ${table.selection.combinations} combinations${shardNote}: ${table.grid.map((d) => d.name).join(' × ')}${
      best === undefined ? '' : ` — best: ${paramsText(best.params)}`
    }`,
    badges: [table.dataset, table.selection.mode === 'random' ? `random sample of ${table.selection.gridSize}` : 'full grid'],
    summary: [
      { label: 'Combinations', value: String(table.rows.length) },
      { label: `Best ${table.metric}`, value: best === undefined ? '-' : metricText(table.metric, best.metrics[table.metric]) },
      { label: 'Best net PnL', value: best === undefined ? '-' : money(best.metrics.net_pnl) },
      ...(table.metric === 'sharpe' ? [] : [{ label: 'Best Sharpe', value: best === undefined ? '-' : ratio(best.metrics.sharpe) }]),
      { label: 'Best max drawdown', value: best === undefined ? '-' : money(best.metrics.max_drawdown) },
    ],
    equity: { ts: curve.ts, value: curve.value, startingValue: table.startingCash },
    tables: [
      {
        title: 'All combinations',
        columns: ['index', ...table.grid.map((d) => d.name), ...SWEEP_METRICS],
        rows: table.rows.map((row) => rowCells(table, row)),
        columnFormats: [undefined, ...table.grid.map(() => undefined), ...SWEEP_METRICS.map((m) => METRIC_FORMATS[m])],
      },
    ],
    sections,
    inputs: {
      dataset: table.dataset,
      'config hash': table.configHash,
      selection: table.selection.mode === 'random' ? `random ${table.selection.combinations} of ${table.selection.gridSize}, seed ${table.selection.seed}` : 'full grid',
      metric: table.metric,
      ...(replaced.length > 0 ? { 'per-symbol overrides replaced by the sweep': replaced.join('; ') } : {}),
      'equity shown': best === undefined ? 'none' : `best combination (#${best.index}), session closes`,
    },
  });
}
