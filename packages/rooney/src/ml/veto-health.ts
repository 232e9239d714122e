import type { SignalScorer } from '@rooney/strategies';
import { addTallies } from './bundle-scorer.ts';
import type { TalliedScorer, VetoTally } from './bundle-scorer.ts';

/** The veto's counts for one strategy and symbol. */
export interface SymbolVeto {
  readonly strategy: string;
  readonly symbol: string;
  readonly tally: VetoTally;
}

/** When a veto is unusable. */
export interface VetoLimits {
  /** Fail when the veto blocks at least this share of all signals (`ml.max_vetoed_share`). */
  readonly maxVetoedShare: number;
  /** Fail when a model cannot score more than this share of its symbol's signals (`ml.max_undefined_share`). */
  readonly maxUndefinedShare: number;
  /** Shares of fewer signals than this prove nothing and are not judged. Default 20. */
  readonly minSignals?: number;
}

function isTallied(scorer: SignalScorer): scorer is TalliedScorer {
  return typeof (scorer as Partial<TalliedScorer>).tally === 'function';
}

/** The counts of every tallied scorer, by strategy then symbol. */
export function vetoTallies(scorers: ReadonlyMap<string, ReadonlyMap<string, SignalScorer>>): SymbolVeto[] {
  const out: SymbolVeto[] = [];
  for (const [strategy, bySymbol] of scorers) {
    for (const [symbol, scorer] of bySymbol) if (isTallied(scorer)) out.push({ strategy, symbol, tally: scorer.tally() });
  }
  return out;
}

const share = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
const count = (n: number): string => n.toLocaleString('en-US');

/** `minute_rsi_14 (5,525), tlt_roc_20 (5,525)`: the most often undefined features first. */
export function undefinedFeaturesText(tally: VetoTally, limit = 4): string {
  const entries = Object.entries(tally.undefinedByFeature).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, limit).map(([name, n]) => `${name} (${count(n)})`);
  return entries.length > limit ? `${shown.join(', ')} and ${entries.length - limit} more` : shown.join(', ');
}

/**
 * Why a veto cannot be trusted on this data, one sentence each (empty when it can): a model that
 * cannot score most of its symbol's signals (the data lacks features it was trained on, or no
 * walk-forward model covers them), or a veto that blocks (nearly) every signal.
 */
export function vetoProblems(rows: readonly SymbolVeto[], limits: VetoLimits): string[] {
  const minSignals = limits.minSignals ?? 20;
  const problems: string[] = [];
  for (const { strategy, symbol, tally } of rows) {
    const unscored = tally.undefinedFeatures + tally.noModel;
    if (tally.signals < minSignals || unscored / tally.signals <= limits.maxUndefinedShare) continue;
    const reasons: string[] = [];
    if (tally.undefinedFeatures > 0) reasons.push(`${count(tally.undefinedFeatures)} lack features: ${undefinedFeaturesText(tally)}`);
    if (tally.noModel > 0) reasons.push(`${count(tally.noModel)} fall outside every walk-forward window`);
    problems.push(
      `the ${strategy} model of ${symbol} cannot score ${count(unscored)} of its ${count(tally.signals)} signals (${share(unscored, tally.signals)}, above ml.max_undefined_share ${limits.maxUndefinedShare}): ${reasons.join('; ')}`,
    );
  }
  const total = addTallies(rows.map((r) => r.tally));
  const vetoed = total.signals - total.kept;
  if (total.signals >= minSignals && vetoed / total.signals >= limits.maxVetoedShare) {
    problems.push(
      `the ML veto blocks ${count(vetoed)} of ${count(total.signals)} signals (${share(vetoed, total.signals)}, at or above ml.max_vetoed_share ${limits.maxVetoedShare}): ${count(total.belowThreshold)} scored below the threshold, ${count(total.undefinedFeatures)} lacked features, ${count(total.noModel)} had no model`,
    );
  }
  return problems;
}
