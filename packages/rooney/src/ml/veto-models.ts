import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { RooneyError, isoUtc } from '@rooney/core';
import { deployability, parseBundle, seenSpanOf } from '@rooney/ml';
import type { DataSpan } from '@rooney/ml';
import { DEFAULT_FEATURES } from '@rooney/strategies';
import type { RooneyConfig } from '../config/schema.ts';
import { runBacktestJob } from '../backtest/run-backtest-job.ts';
import type { BacktestJob } from '../backtest/run-backtest-job.ts';
import { BundleScorer, ShadowScorer, WalkForwardScorer } from './bundle-scorer.ts';
import type { TalliedScorer } from './bundle-scorer.ts';
import type { ModelUse } from './sample-check.ts';
import { vetoProblems, vetoTallies } from './veto-health.ts';
import type { SymbolVeto, VetoLimits } from './veto-health.ts';

/** File of the model bundle of `symbol` in a models directory (written by `rooney train`). */
export function modelFile(modelsDir: string, symbol: string): string {
  return join(modelsDir, `${symbol}_model.json`);
}

/** The models directory of a config (`ml.models_path`, relative to the config file; default `models`). */
export function modelsDirectory(config: RooneyConfig, baseDir: string): string {
  const path = config.ml?.models_path ?? 'models';
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Symbols each IBS strategy instance of the job will trade. */
function tradedSymbols(job: BacktestJob): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const instance of job.config.strategies) {
    if ((instance.type ?? instance.name) !== 'ibs' || instance.weight === 0) continue;
    let symbols = instance.symbols.includes('*') ? [...job.data.tradableSymbols] : [...instance.symbols];
    if (job.symbols !== undefined) symbols = symbols.filter((s) => job.symbols?.includes(s));
    out.set(instance.name, symbols);
  }
  return out;
}

/** One model bundle the veto will use, as loaded and checked. */
export interface PreflightCheck extends ModelUse {
  readonly features: number;
  readonly threshold: number;
  /** `start → end` of the data the model and its threshold saw, or null when unknown. */
  readonly trainedOn: string | null;
  /** The quality gate's reason, or null when the model was not assessed. */
  readonly quality: string | null;
}

/** The veto of a job: a tallied scorer per strategy and symbol, and what was loaded. */
export interface VetoSetup {
  readonly scorers: Map<string, Map<string, TalliedScorer>>;
  readonly checks: PreflightCheck[];
  /**
   * Walk-forward: the first time every traded symbol has a model (the start of the latest first
   * window). Before it some signals could only be vetoed for want of a model, so results start here.
   */
  readonly coverageStartTs?: number;
}

/** The limits of `ml.max_vetoed_share` and `ml.max_undefined_share`. */
export function vetoLimits(config: RooneyConfig): VetoLimits {
  return { maxVetoedShare: config.ml?.max_vetoed_share ?? 0.98, maxUndefinedShare: config.ml?.max_undefined_share ?? 0.5 };
}

/**
 * Preflight of the ML veto: loads every bundle the job needs, refuses a model the quality gate wrote
 * as not deployable (unless `ml.allow_undeployable`), checks that every feature it uses is one
 * the strategy records (the bundle may use a subset) and that walk-forward models were trained
 * before their window. Fails with the file named.
 */
export function preflightVetoModels(config: RooneyConfig, baseDir: string, job: BacktestJob): VetoSetup {
  const dir = modelsDirectory(config, baseDir);
  const names = DEFAULT_FEATURES.map((f) => f.name);
  const scorers = new Map<string, Map<string, TalliedScorer>>();
  const checks: PreflightCheck[] = [];
  const allowUndeployable = config.ml?.allow_undeployable === true;
  let coverageStartTs = Number.NEGATIVE_INFINITY;
  for (const [strategy, symbols] of tradedSymbols(job)) {
    const bySymbol = new Map<string, TalliedScorer>();
    for (const symbol of symbols) {
      if (config.ml?.walk_forward === true) {
        const { scorer, checks: wfChecks } = walkForwardScorer(dir, strategy, symbol, names, config.ml?.threshold_override, allowUndeployable);
        bySymbol.set(symbol, scorer);
        checks.push(...wfChecks);
        coverageStartTs = Math.max(coverageStartTs, scorer.firstTs);
        continue;
      }
      const file = modelFile(dir, symbol);
      if (!existsSync(file)) {
        throw new RooneyError('missing_model', `no model for ${symbol} (ml.enabled is true): train one with \`rooney train\``, { file });
      }
      const { scorer, check } = loadChecked(file, strategy, symbol, names, config.ml?.threshold_override, allowUndeployable);
      bySymbol.set(symbol, scorer);
      checks.push(check);
    }
    scorers.set(strategy, bySymbol);
  }
  return { scorers, checks, ...(Number.isFinite(coverageStartTs) ? { coverageStartTs } : {}) };
}

const spanText = (span: DataSpan | undefined): string | null => (span === undefined ? null : `${span.start} → ${span.end}`);

/** Loads one bundle, applies the quality gate, checks its features are recorded by the strategy. */
function loadChecked(
  file: string,
  strategy: string,
  symbol: string,
  names: readonly string[],
  thresholdOverride: number | undefined,
  allowUndeployable: boolean,
): { scorer: BundleScorer; check: PreflightCheck } {
  const bundle = parseBundle(readFileSync(file, 'utf8'), { source: file });
  const verdict = deployability(bundle);
  if (verdict === 'not_deployable' && !allowUndeployable) {
    throw new RooneyError(
      'undeployable_model',
      `the quality gate wrote the ${symbol} model as not deployable (${bundle.training.quality?.reason ?? 'no reason recorded'}); retrain it, or set ml.allow_undeployable: true to use it anyway`,
      { file },
    );
  }
  const unknown = bundle.features.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new RooneyError(
      'feature_mismatch',
      `the model needs feature(s) ${unknown.map((n) => `"${n}"`).join(', ')} that the strategy does not record`,
      { file },
    );
  }
  const scorer = new BundleScorer(bundle, thresholdOverride);
  const seen = seenSpanOf(bundle.training);
  return {
    scorer,
    check: {
      strategy,
      symbol,
      file,
      features: bundle.features.length,
      threshold: scorer.thresholdAt(),
      trainedOn: spanText(seen),
      seen,
      deployability: verdict,
      quality: bundle.training.quality?.reason ?? null,
    },
  };
}

interface WalkForwardIndexEntry {
  readonly symbol: string;
  readonly fromTs: number;
  readonly toTs: number;
  readonly file: string;
}

/** The walk-forward scorer of one symbol from `walk-forward.json` in the models directory. */
function walkForwardScorer(
  dir: string,
  strategy: string,
  symbol: string,
  names: readonly string[],
  thresholdOverride: number | undefined,
  allowUndeployable: boolean,
): { scorer: WalkForwardScorer; checks: PreflightCheck[] } {
  const indexFile = join(dir, 'walk-forward.json');
  if (!existsSync(indexFile)) {
    throw new RooneyError('missing_model', 'no walk-forward index (ml.walk_forward is true): run `rooney train --walk-forward`', { file: indexFile });
  }
  const entries = (JSON.parse(readFileSync(indexFile, 'utf8')) as { models: WalkForwardIndexEntry[] }).models.filter((m) => m.symbol === symbol);
  if (entries.length === 0) throw new RooneyError('missing_model', `no walk-forward model for ${symbol}`, { file: indexFile });
  const checks: PreflightCheck[] = [];
  const models = entries.map((entry) => {
    const { scorer, check } = loadChecked(join(dir, entry.file), strategy, symbol, names, thresholdOverride, allowUndeployable);
    if (check.seen === undefined || check.seen.endTs >= entry.fromTs) {
      throw new RooneyError(
        'lookahead_model',
        check.seen === undefined
          ? `the walk-forward model for ${symbol} from ${isoUtc(entry.fromTs)} does not record the data it saw`
          : `the walk-forward model for ${symbol} from ${isoUtc(entry.fromTs)} saw data up to ${check.seen.end}, after that time`,
        { file: check.file },
      );
    }
    checks.push({ ...check, fromTs: entry.fromTs, toTs: entry.toTs });
    return { fromTs: entry.fromTs, toTs: entry.toTs, scorer };
  });
  return { scorer: new WalkForwardScorer(models), checks };
}

/**
 * Proves the veto can score the configured data: runs the job once with every model scoring every
 * signal without vetoing it (features computed on the real bars, as in the backtest), then judges
 * the counts with {@link vetoProblems}. Returns the counts per strategy and symbol and the problems.
 */
export function scoreConfiguredData(job: BacktestJob, setup: VetoSetup, limits: VetoLimits): { rows: SymbolVeto[]; problems: string[] } {
  const shadows = new Map<string, Map<string, TalliedScorer>>();
  for (const [strategy, bySymbol] of setup.scorers) {
    shadows.set(strategy, new Map([...bySymbol].map(([symbol, scorer]) => [symbol, new ShadowScorer(scorer)])));
  }
  const startTs = Math.max(job.startTs ?? Number.NEGATIVE_INFINITY, setup.coverageStartTs ?? Number.NEGATIVE_INFINITY);
  for (const bySymbol of shadows.values()) for (const scorer of bySymbol.values()) scorer.countFrom(startTs);
  runBacktestJob({ ...job, ...(Number.isFinite(startTs) ? { startTs } : {}), scorers: shadows });
  const rows = vetoTallies(shadows);
  return { rows, problems: vetoProblems(rows, limits) };
}
