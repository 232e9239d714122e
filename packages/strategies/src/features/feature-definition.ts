/** Which symbol's bars a feature reads. */
export type FeatureSeries = 'self' | 'pair' | 'reference';

/** Bar size a feature reads: the strategy's own (`trade`) or a fixed one. */
export type FeatureTimeframe = 'trade' | 'minute' | 'hour' | 'day';

/** Bar field fed to indicators of one input (`value` indicators). */
export type FeatureInput = 'open' | 'high' | 'low' | 'close' | 'volume';

/**
 * One feature of the snapshot, declared as data:
 * `indicator` (a registry spec such as `atr(period=14)`, optionally a `line` of it) over the
 * completed bars of `series` at `timeframe`, then each `transforms` spec in turn (value indicators
 * such as `zscore(period=100)` or `percentrank(period=100)`), optionally `lag` bars back.
 */
export interface FeatureDefinition {
  readonly name: string;
  readonly series: FeatureSeries;
  readonly timeframe: FeatureTimeframe;
  readonly indicator: string;
  readonly line?: string;
  /** Field fed to a value indicator (default close). Bar indicators read OHLCV. */
  readonly input?: FeatureInput;
  readonly transforms?: readonly string[];
  /** Use the value `lag` bars before the newest (default 0). */
  readonly lag?: number;
}

const f = (
  name: string,
  series: FeatureSeries,
  timeframe: FeatureTimeframe,
  indicator: string,
  extra: Partial<Omit<FeatureDefinition, 'name' | 'series' | 'timeframe' | 'indicator'>> = {},
): FeatureDefinition => ({ name, series, timeframe, indicator, ...extra });

const PCT = 'percentrank(period=100)';

/**
 * The default IBS feature set (the seed system's list and more): 40 features across the trade
 * timeframe, the daily and minute series of the symbol, its pair's daily series and the TLT daily
 * reference. Percentile transforms rank the newest value among the last 100 (daily: 50) values.
 */
export const DEFAULT_FEATURES: readonly FeatureDefinition[] = [
  // The symbol on the strategy's timeframe.
  f('ibs', 'self', 'trade', 'ibs'),
  f('ibs_pct', 'self', 'trade', 'ibs', { transforms: [PCT] }),
  f('prev_bar_return', 'self', 'trade', 'roc(period=1)'),
  f('prev_bar_pct', 'self', 'trade', 'roc(period=1)', { transforms: [PCT] }),
  f('prev_ibs', 'self', 'trade', 'ibs', { lag: 1 }),
  f('rsi_2', 'self', 'trade', 'rsi(period=2)'),
  f('rsi_14', 'self', 'trade', 'rsi(period=14)'),
  f('connors_rsi', 'self', 'trade', 'connorsrsi'),
  f('atr_z', 'self', 'trade', 'atr(period=14)', { transforms: ['zscore(period=100)'] }),
  f('atr_z_pct', 'self', 'trade', 'atr(period=14)', { transforms: ['zscore(period=100)', PCT] }),
  f('bb_high', 'self', 'trade', 'bbands(period=20,devfactor=2)', { line: 'pctb' }),
  f('bb_width', 'self', 'trade', 'bbands(period=20,devfactor=2)', { line: 'bandwidth' }),
  f('donch', 'self', 'trade', 'donchian(period=20)', { line: 'position' }),
  f('ma_slope_fast', 'self', 'trade', 'maslope(period=10,lookback=3,relative=true)'),
  f('ma_slope_slow', 'self', 'trade', 'maslope(period=50,lookback=5,relative=true)'),
  f('volume_z_pct', 'self', 'trade', 'zscore(period=100)', { input: 'volume', transforms: [PCT] }),
  f('close_z', 'self', 'trade', 'zscore(period=20)'),
  f('roc_5', 'self', 'trade', 'roc(period=5)'),
  f('stoch_k', 'self', 'trade', 'stochastic'),
  f('williams_r', 'self', 'trade', 'williamsr'),
  f('cci', 'self', 'trade', 'cci'),
  f('adx', 'self', 'trade', 'adx'),
  f('ppo_hist', 'self', 'trade', 'ppo', { line: 'histo' }),
  f('dv2', 'self', 'trade', 'dv2'),
  f('tsi', 'self', 'trade', 'tsi'),
  f('aroon_osc', 'self', 'trade', 'aroon', { line: 'oscillator' }),
  f('mfi', 'self', 'trade', 'mfi'),
  // The symbol's daily bars.
  f('daily_ibs', 'self', 'day', 'ibs'),
  f('daily_ibs_pct', 'self', 'day', 'ibs', { transforms: ['percentrank(period=50)'] }),
  f('daily_atr_z_pct', 'self', 'day', 'atr(period=14)', { transforms: ['zscore(period=20)', 'percentrank(period=40)'] }),
  f('daily_rsi_2', 'self', 'day', 'rsi(period=2)'),
  f('daily_roc_5', 'self', 'day', 'roc(period=5)'),
  f('daily_ma_slope', 'self', 'day', 'maslope(period=20,lookback=5,relative=true)'),
  // The symbol's minute bars.
  f('minute_rsi_14', 'self', 'minute', 'rsi(period=14)'),
  f('minute_volume_z', 'self', 'minute', 'zscore(period=60)', { input: 'volume' }),
  // The pair's daily bars.
  f('pair_ibs', 'pair', 'day', 'ibs'),
  f('pair_ibs_pct', 'pair', 'day', 'ibs', { transforms: ['percentrank(period=50)'] }),
  f('pair_roc_1', 'pair', 'day', 'roc(period=1)'),
  // The TLT daily reference.
  f('tlt_roc_20', 'reference', 'day', 'roc(period=20)'),
  f('tlt_ma_slope', 'reference', 'day', 'maslope(period=50,lookback=5,relative=true)'),
];

/** The seed system's pairs (both directions); overridable in config under `pairs`. */
export const DEFAULT_PAIRS: Readonly<Record<string, string>> = Object.freeze({
  ES: 'NQ',
  NQ: 'ES',
  RTY: 'YM',
  YM: 'RTY',
  CL: 'NG',
  NG: 'CL',
  GC: 'SI',
  SI: 'GC',
  HG: 'GC',
  '6A': '6N',
  '6N': '6A',
  '6B': '6E',
  '6E': '6B',
  '6C': '6M',
  '6M': '6C',
  '6J': '6S',
  '6S': '6J',
  ZB: 'ZN',
  ZN: 'ZB',
});

/** The daily reference symbol of the TLT features and regime filter. */
export const DEFAULT_REFERENCE_SYMBOL = 'TLT';
