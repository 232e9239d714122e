import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import { parseBundle } from '@rooney/ml';
import { DEFAULT_FEATURES } from '@rooney/strategies';
import type { SignalScorer } from '@rooney/strategies';
import type { RooneyConfig } from '../config/schema.ts';
import type { BacktestJob } from '../backtest/run-backtest-job.ts';
import { BundleScorer, WalkForwardScorer } from './bundle-scorer.ts';

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
    if ((instance.type ?? instance.name) !== 'ibs') continue;
    let symbols = instance.symbols.includes('*') ? [...job.data.tradableSymbols] : [...instance.symbols];
    if (job.symbols !== undefined) symbols = symbols.filter((s) => job.symbols?.includes(s));
    out.set(instance.name, symbols);
  }
  return out;
}

export interface PreflightCheck {
  readonly strategy: string;
  readonly symbol: string;
  readonly file: string;
  readonly features: number;
  readonly threshold: number;
  readonly trainedOn: string | null;
  /** Last entry or exit time in the model's training data (NaN when unknown). */
  readonly trainedUntilTs: number;
  /** P(win) of an all-zero snapshot: proves the model runs. */
  readonly probe: number;
}

/**
 * Preflight of the ML veto: loads every bundle the job needs, checks that every feature it uses is
 * one the strategy records (the bundle may use a subset) and runs one prediction. Fails with the
 * file named.
 */
export function preflightVetoModels(config: RooneyConfig, baseDir: string, job: BacktestJob): { scorers: Map<string, Map<string, SignalScorer>>; checks: PreflightCheck[] } {
  const dir = modelsDirectory(config, baseDir);
  const names = DEFAULT_FEATURES.map((f) => f.name);
  const scorers = new Map<string, Map<string, SignalScorer>>();
  const checks: PreflightCheck[] = [];
  for (const [strategy, symbols] of tradedSymbols(job)) {
    const bySymbol = new Map<string, SignalScorer>();
    for (const symbol of symbols) {
      if (config.ml?.walk_forward === true) {
        const { scorer, checks: wfChecks } = walkForwardScorer(dir, strategy, symbol, names, config.ml?.threshold_override);
        bySymbol.set(symbol, scorer);
        checks.push(...wfChecks);
        continue;
      }
      const file = modelFile(dir, symbol);
      if (!existsSync(file)) {
        throw new RooneyError('missing_model', `no model for ${symbol} (ml.enabled is true): train one with \`rooney train\``, { file });
      }
      const { scorer, check } = loadChecked(file, strategy, symbol, names, config.ml?.threshold_override);
      bySymbol.set(symbol, scorer);
      checks.push(check);
    }
    scorers.set(strategy, bySymbol);
  }
  return { scorers, checks };
}

/** Loads one bundle, checks its features are recorded by the strategy, and probes it once. */
function loadChecked(
  file: string,
  strategy: string,
  symbol: string,
  names: readonly string[],
  thresholdOverride: number | undefined,
): { scorer: BundleScorer; check: PreflightCheck } {
  const bundle = parseBundle(readFileSync(file, 'utf8'), { source: file });
  const unknown = bundle.features.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new RooneyError(
      'feature_mismatch',
      `the model needs feature(s) ${unknown.map((n) => `"${n}"`).join(', ')} that the strategy does not record`,
      { file },
    );
  }
  const scorer = new BundleScorer(bundle, thresholdOverride);
  const probe = scorer.score(new Float64Array(names.length), names);
  if (!(probe >= 0 && probe <= 1)) {
    throw new RooneyError('bad_model', `the model's probe prediction is ${probe}, not a probability`, { file });
  }
  const span = bundle.training.dataSpan;
  return {
    scorer,
    check: {
      strategy,
      symbol,
      file,
      features: bundle.features.length,
      threshold: scorer.thresholdAt(),
      trainedOn: span === null ? null : `${span.start} → ${span.end}`,
      trainedUntilTs: span === null ? Number.NaN : span.endTs,
      probe,
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
): { scorer: WalkForwardScorer; checks: PreflightCheck[] } {
  const indexFile = join(dir, 'walk-forward.json');
  if (!existsSync(indexFile)) {
    throw new RooneyError('missing_model', 'no walk-forward index (ml.walk_forward is true): run `rooney train --walk-forward`', { file: indexFile });
  }
  const entries = (JSON.parse(readFileSync(indexFile, 'utf8')) as { models: WalkForwardIndexEntry[] }).models.filter((m) => m.symbol === symbol);
  if (entries.length === 0) throw new RooneyError('missing_model', `no walk-forward model for ${symbol}`, { file: indexFile });
  const checks: PreflightCheck[] = [];
  const models = entries.map((entry) => {
    const { scorer, check } = loadChecked(join(dir, entry.file), strategy, symbol, names, thresholdOverride);
    if (Number.isFinite(check.trainedUntilTs) && check.trainedUntilTs >= entry.fromTs) {
      throw new RooneyError('lookahead_model', `the model for ${symbol} from ${new Date(entry.fromTs).toISOString()} was trained on data after that time`, {
        file: check.file,
      });
    }
    checks.push({ ...check, trainedUntilTs: Number.NaN });
    return { fromTs: entry.fromTs, toTs: entry.toTs, scorer };
  });
  return { scorer: new WalkForwardScorer(models), checks };
}

/** The veto scorers of a job with `ml.enabled`, after the preflight checks. */
export function loadVetoScorers(config: RooneyConfig, baseDir: string, job: BacktestJob): Map<string, Map<string, SignalScorer>> {
  return preflightVetoModels(config, baseDir, job).scorers;
}
