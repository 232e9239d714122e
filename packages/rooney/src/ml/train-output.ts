import { isoUtc } from '@rooney/core';
import type { BootstrapInterval } from '@rooney/ml';
import { money, textTable } from '../table-format.ts';
import type { MissingReport } from './signal-dataset.ts';
import type { InstrumentTraining } from './train-models.ts';

/** What `rooney extract` (or the extraction inside `train`) did besides recording signals. */
export interface ExtractionSummary {
  readonly signals: number;
  /** Orders the engine refused, by reason (e.g. `insufficient_margin`). */
  readonly refused: Readonly<Record<string, number>>;
  /** Account-level rules switched off so each instrument's signals stand on their own. */
  readonly independence: readonly string[];
}

const fixed = (value: number | null | undefined, digits: number): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);

/** `0.56 [0.49, 0.63]`. */
export function intervalText(interval: BootstrapInterval | null | undefined, format: (v: number) => string): string {
  if (interval === null || interval === undefined) return '-';
  return `${format(interval.estimate)} [${format(interval.lower)}, ${format(interval.upper)}]`;
}

const intervalJson = (interval: BootstrapInterval | null | undefined): Record<string, number> | null =>
  interval === null || interval === undefined
    ? null
    : { estimate: interval.estimate, lower: interval.lower, upper: interval.upper, standard_error: interval.standardError, confidence: interval.confidence, resamples: interval.resamples };

/** The `missing` block of the JSON outputs. */
export function missingJson(missing: MissingReport | undefined): Record<string, unknown> | null {
  if (missing === undefined) return null;
  return {
    traded_signals: missing.rows,
    dropped_rows: missing.dropped,
    left_out_features: missing.leftOut,
    undefined_by_feature: missing.byFeature.map((f) => ({
      feature: f.feature,
      undefined_rows: f.undefinedRows,
      first_defined: f.firstDefined,
      last_undefined: f.lastUndefined,
    })),
    dropped_spans: missing.droppedSpans,
  };
}

/** `{SYMBOL}_best.json`: the threshold, the test report with its intervals, the verdict, the spans. */
export function bestDocument(t: InstrumentTraining): Record<string, unknown> | null {
  const { bundle, report } = t;
  if (bundle === undefined || report === undefined) return null;
  return {
    symbol: t.symbol,
    deployable: report.quality.deployable,
    quality: report.quality,
    threshold: report.threshold.threshold,
    thresholdMethod: report.threshold.method,
    model: `${t.symbol}_model.json`,
    training: bundle.training,
    validation: report.validation,
    test: report.test,
    testAucInterval: intervalJson(report.testAuc),
    testUplift:
      report.testUplift === null
        ? null
        : {
            trades: report.testUplift.trades,
            kept_trades: report.testUplift.keptTrades,
            kept_net_pnl: report.testUplift.keptNetPnl,
            all_net_pnl: report.testUplift.allNetPnl,
            kept_mean_net_pnl: Number.isFinite(report.testUplift.keptMeanNetPnl) ? report.testUplift.keptMeanNetPnl : null,
            all_mean_net_pnl: report.testUplift.allMeanNetPnl,
            uplift: intervalJson(report.testUplift.uplift),
          },
    outOfBag: report.outOfBag,
    featureImportance: report.featureImportance,
    split: {
      train: report.split.train.length,
      validation: report.split.validation.length,
      test: report.split.test.length,
      purged: report.split.purged,
      validationStart: isoUtc(report.split.validationStartTs),
      testStart: isoUtc(report.split.testStartTs),
    },
    missing: missingJson(t.missing),
  };
}

/** `train-summary.json`: one entry per instrument, plus the extraction's refusals when it ran. */
export function trainSummaryDocument(trainings: readonly InstrumentTraining[], extraction: ExtractionSummary | undefined): Record<string, unknown> {
  const instruments: Record<string, unknown> = {};
  for (const t of trainings) {
    const report = t.report;
    instruments[t.symbol] =
      report === undefined
        ? { rows: t.rows, skipped: t.skipped, missing: missingJson(t.missing) }
        : {
            rows: t.rows,
            deployable: report.quality.deployable,
            quality: report.quality.reason,
            testAuc: report.test.auc,
            testAucInterval: intervalJson(report.testAuc),
            threshold: report.threshold.threshold,
            testKept: report.test.keptCount,
            testTrades: report.test.rows,
            testUplift: intervalJson(report.testUplift?.uplift),
            missing: missingJson(t.missing),
          };
  }
  return {
    ...(extraction !== undefined
      ? { extraction: { signals: extraction.signals, refused_orders: extraction.refused, independence: extraction.independence } }
      : {}),
    instruments,
  };
}

/** The printed per-instrument table of `rooney train`. */
export function trainingTable(trainings: readonly InstrumentTraining[], confidence: number): string {
  const level = `${Number((confidence * 100).toFixed(4))}%`;
  const rows = trainings.map((t) => {
    const dropped = String(t.missing?.dropped ?? 0);
    const report = t.report;
    if (report === undefined) return [t.symbol, String(t.rows), dropped, '-', '-', '-', '-', '-', '-', `skipped: ${t.skipped ?? ''}`];
    const uplift = report.testUplift;
    return [
      t.symbol,
      String(t.rows),
      dropped,
      fixed(report.validation.auc, 2),
      intervalText(report.testAuc, (v) => v.toFixed(2)),
      report.threshold.threshold.toFixed(3),
      `${report.test.keptCount}/${report.test.rows}`,
      uplift === null ? '-' : `${money(uplift.keptNetPnl)} / ${money(uplift.allNetPnl)}`,
      uplift === null ? '-' : intervalText(uplift.uplift, (v) => money(v)),
      report.quality.deployable ? 'yes' : 'NO',
    ];
  });
  return textTable(
    ['symbol', 'rows', 'dropped', 'val AUC', `test AUC [${level}]`, 'threshold', 'test kept', 'net PnL kept / all', `kept − all [${level}]`, 'deployable'],
    rows,
  );
}

/**
 * One line per instrument that lost rows to undefined values, then one line per set of features
 * never defined (instruments sharing the set share the line); empty when nothing was lost.
 */
export function missingLines(trainings: readonly InstrumentTraining[]): string[] {
  const lines: string[] = [];
  const leftOut = new Map<string, string[]>();
  for (const t of trainings) {
    const m = t.missing;
    if (m === undefined) continue;
    if (m.dropped > 0) {
      const features = m.byFeature
        .slice(0, 4)
        .map((f) => `${f.feature} ${f.undefinedRows}${f.firstDefined === null ? '' : ` (defined from ${f.firstDefined.slice(0, 10)})`}`);
      const spans = m.droppedSpans.slice(0, 3).map((s) => `${s.from.slice(0, 10)} → ${s.to.slice(0, 10)} (${s.rows})`);
      const more = m.droppedSpans.length > 3 ? ` and ${m.droppedSpans.length - 3} more stretches` : '';
      lines.push(`${t.symbol}: dropped ${m.dropped} of ${m.rows} traded signals for undefined features: ${features.join(', ')}${m.byFeature.length > 4 ? ', …' : ''}; time lost ${spans.join(', ')}${more}`);
    }
    if (m.leftOut.length > 0) {
      const key = m.leftOut.join(', ');
      leftOut.set(key, [...(leftOut.get(key) ?? []), t.symbol]);
    }
  }
  for (const [features, symbols] of leftOut) {
    lines.push(`${symbols.join(', ')}: left out ${features.split(', ').length} features never defined on this data: ${features}`);
  }
  return lines;
}

/** The extraction's lines: what was switched off, and orders refused by reason. */
export function extractionLines(extraction: ExtractionSummary): string[] {
  const refused = Object.entries(extraction.refused).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [
    `extraction: each instrument trades on its own (${extraction.independence.join(', ')}), so one instrument's losses cannot starve another's signals`,
    `orders refused: ${refused.length === 0 ? 'none' : refused.map(([reason, n]) => `${reason} ${n}`).join(', ')}`,
  ];
}
