import { interactiveChart } from '@rooney/report';
import { classifyAtThreshold, rocCurve, selectValues } from '@rooney/ml';
import type { InstrumentTable } from '@rooney/ml';
import { barChartSvg, escapeHtml, histogramSvg, lineChartSvg, renderReport, rocChartSvg } from '@rooney/report';
import { money, percent } from '../table-format.ts';
import type { InstrumentTraining, WalkForwardStep } from './train-models.ts';
import { windowLabel } from './train-models.ts';
import { intervalText, missingLines } from './train-output.ts';

/** ROC with the chosen threshold, score distributions of winners vs losers, importances — on the TEST part. */
export function instrumentSectionHtml(training: InstrumentTraining, table: InstrumentTable): string {
  const report = training.report;
  if (report === undefined) return `<p>${escapeHtml(training.skipped ?? 'not trained')}</p>`;
  const labels = selectValues(table.y, report.split.test);
  const scores = report.testProbability;
  const threshold = report.threshold.threshold;
  const roc = rocCurve(scores, labels);
  const at = classifyAtThreshold(scores, labels, threshold);
  const positives = at.truePositives + at.falseNegatives;
  const negatives = at.falsePositives + at.trueNegatives;
  const winners: number[] = [];
  const losers: number[] = [];
  labels.forEach((y, i) => (y === 1 ? winners : losers).push(scores[i]));
  const importance = report.featureImportance.slice(0, 15).map((f) => ({ label: f.feature, value: f.impurity }));
  return [
    '<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">',
    `<div style="flex:1 1 360px;max-width:480px">${rocChartSvg({
      falsePositiveRate: roc.falsePositiveRate,
      truePositiveRate: roc.truePositiveRate,
      area: report.test.auc,
      marker: {
        falsePositiveRate: negatives > 0 ? at.falsePositives / negatives : 0,
        truePositiveRate: positives > 0 ? at.truePositives / positives : 0,
        label: `threshold ${threshold.toFixed(3)}`,
      },
      title: `ROC on the test part (AUC ${report.test.auc.toFixed(3)})`,
    })}</div>`,
    `<div style="flex:2 1 480px">${histogramSvg({
      groups: [
        { name: 'winners', values: winners },
        { name: 'losers', values: losers },
      ],
      range: [0, 1],
      binCount: 20,
      threshold: { value: threshold, label: 'threshold' },
      title: 'P(win) of test trades',
    })}</div>`,
    '</div>',
    `<div>${barChartSvg({ items: importance, valueFormat: 'number', title: 'Feature importance (impurity, top 15)' })}</div>`,
  ].join('');
}

/** Cumulative net PnL of all walk-forward test trades vs the kept ones, window by window. */
function walkForwardSectionHtml(steps: readonly WalkForwardStep[]): string {
  const x: number[] = [];
  const all: number[] = [];
  const kept: number[] = [];
  let a = 0;
  let k = 0;
  for (const step of steps) {
    a += step.allNetPnl;
    k += step.keptNetPnl;
    x.push(step.window.testEndTs);
    all.push(a);
    kept.push(k);
  }
  return x.length < 2
    ? '<p>Too few windows to chart.</p>'
    : lineChartSvg({
        x,
        series: [
          { name: 'all trades', values: all },
          { name: 'kept by the models', values: kept },
        ],
        xAxis: 'time',
        valueFormat: 'currency',
        title: 'Stitched out-of-sample net PnL',
      });
}

/** Cumulative net PnL of all test trades (every instrument, by exit time) next to the kept ones. */
function keptVersusAllHtml(trained: readonly InstrumentTraining[], tables: ReadonlyMap<string, InstrumentTable>): string {
  const events: { ts: number; pnl: number; kept: boolean }[] = [];
  for (const t of trained) {
    const report = t.report;
    if (report === undefined) continue;
    const table = tables.get(t.symbol) as InstrumentTable;
    report.split.test.forEach((r, i) => {
      events.push({
        ts: table.exitTs?.[r] ?? table.entryTs[r],
        pnl: table.netPnl?.[r] ?? 0,
        kept: report.testProbability[i] >= report.threshold.threshold,
      });
    });
  }
  events.sort((a, b) => a.ts - b.ts);
  if (events.length < 2) return '<p>Too few test trades to chart.</p>';
  let all = 0;
  let kept = 0;
  const x = events.map((e) => e.ts);
  const allValues = events.map((e) => (all += e.pnl));
  const keptValues = events.map((e) => (kept += e.kept ? e.pnl : 0));
  return interactiveChart({
    x,
    series: [
      { name: 'all test trades', values: allValues },
      { name: 'kept by the models', values: keptValues },
    ],
    valueFormat: 'currency',
    title: 'Cumulative net PnL on the untouched test parts',
  });
}

export interface TrainReportInput {
  readonly source: string;
  readonly trainings: readonly InstrumentTraining[];
  readonly tables: ReadonlyMap<string, InstrumentTable>;
  readonly walkForward?: ReadonlyMap<string, readonly WalkForwardStep[]>;
}

/** The HTML report of `rooney train`. */
export function trainReportHtml(input: TrainReportInput): string {
  const trained = input.trainings.filter((t) => t.report !== undefined);
  let allTest = 0;
  let keptTest = 0;
  for (const t of trained) {
    allTest += t.report?.test.allNetPnl ?? 0;
    keptTest += t.report?.test.keptNetPnl ?? 0;
  }
  const sections = [{ title: 'Test trades of every instrument: all vs kept by the models', html: keptVersusAllHtml(trained, input.tables) }];
  sections.push(...input.trainings.map((t) => ({
    title: `${t.symbol}${t.report !== undefined ? ` — test AUC ${intervalText(t.report.testAuc, (v) => v.toFixed(3))}, kept ${t.report.test.keptCount}/${t.report.test.rows}${t.report.quality.deployable ? '' : ', not deployable'}` : ''}`,
    html: instrumentSectionHtml(t, input.tables.get(t.symbol) as InstrumentTable),
  })));
  if (input.walkForward !== undefined) {
    for (const [symbol, steps] of input.walkForward) {
      sections.push({ title: `${symbol} — walk-forward (${steps.length} windows)`, html: walkForwardSectionHtml(steps) });
    }
  }
  const notDeployable = trained.filter((t) => t.report?.quality.deployable !== true).map((t) => t.symbol);
  const level = trained[0]?.report === undefined ? '' : ` ${Number((trained[0].report.testAuc.confidence * 100).toFixed(4))}%`;
  const lost = missingLines(input.trainings);
  if (lost.length > 0) sections.push({ title: 'Rows and features lost to undefined features', html: `<ul>${lost.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` });
  return renderReport({
    title: 'Rooney ML veto — training report',
    subtitle: `signals from ${input.source}`,
    badges: ['chronological 60/20/20 split, threshold chosen on validation, scores on test'],
    warnings:
      notDeployable.length > 0
        ? [
            `NOT DEPLOYABLE: the models of ${notDeployable.join(', ')} fail the quality gate on their untouched test part (${trained[0]?.report?.quality.rule ?? ''}); the veto refuses them unless ml.allow_undeployable is true`,
          ]
        : [],
    summary: [
      { label: 'Instruments trained', value: String(trained.length) },
      { label: 'Deployable', value: `${trained.length - notDeployable.length} of ${trained.length}`, tone: notDeployable.length > 0 ? 'negative' : 'positive' },
      { label: 'Skipped', value: String(input.trainings.length - trained.length) },
      { label: 'Test net PnL, all trades', value: money(allTest) },
      { label: 'Test net PnL, kept trades', value: money(keptTest), tone: keptTest >= allTest ? 'positive' : 'negative' },
    ],
    tables: [
      {
        title: 'Per instrument (test part)',
        columns: ['symbol', 'rows', 'dropped', `AUC [${level.trim()} interval]`, 'threshold', 'precision', 'recall', 'kept', 'kept net PnL', 'all net PnL', `kept − all [${level.trim()}]`, 'deployable'],
        rows: input.trainings.map((t) =>
          t.report === undefined
            ? [t.symbol, t.rows, t.missing?.dropped ?? 0, t.skipped ?? '', '', '', '', '', '', '', '', '']
            : [
                t.symbol,
                t.rows,
                t.missing?.dropped ?? 0,
                intervalText(t.report.testAuc, (v) => v.toFixed(3)),
                t.report.threshold.threshold.toFixed(3),
                percent(t.report.test.precision),
                percent(t.report.test.recall),
                `${t.report.test.keptCount}/${t.report.test.rows}`,
                money(t.report.test.keptNetPnl),
                money(t.report.test.allNetPnl),
                intervalText(t.report.testUplift?.uplift, (v) => money(v)),
                t.report.quality.deployable ? 'yes' : 'no',
              ],
        ),
      },
      ...(input.walkForward === undefined
        ? []
        : [
            {
              title: 'Walk-forward windows (out of sample)',
              columns: ['symbol', 'window', 'train rows', 'test rows', 'kept', 'kept net PnL', 'all net PnL', 'note'],
              rows: [...input.walkForward].flatMap(([symbol, steps]) =>
                steps.map((s) => [symbol, windowLabel(s.window), s.trainRows, s.testRows, s.keptRows, money(s.keptNetPnl), money(s.allNetPnl), s.skipped ?? '']),
              ),
            },
          ]),
    ],
    sections,
  });
}
