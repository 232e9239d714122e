import { RooneyError } from '@rooney/core';
import type { Indicator } from './indicator.ts';
import type { IndicatorDefinition, ParameterSpec, ParameterValue } from './registry-types.ts';
import { EMA } from './ema.ts';
import { Highest, Lowest } from './highest.ts';
import { PercentRank } from './percent-rank.ts';
import { SMA } from './sma.ts';
import { SMMA } from './smma.ts';
import { StdDev } from './std-dev.ts';
import { TrueRange } from './true-range.ts';
import { ATR } from './atr.ts';
import { BollingerBands } from './bollinger-bands.ts';
import { DEMA } from './dema.ts';
import { DonchianChannel } from './donchian-channel.ts';
import { DV2 } from './dv2.ts';
import { HeikinAshi } from './heikin-ashi.ts';
import { HMA } from './hma.ts';
import { HurstExponent } from './hurst-exponent.ts';
import { IBS } from './ibs.ts';
import { KAMA } from './kama.ts';
import { KeltnerChannel } from './keltner-channel.ts';
import { MOVING_AVERAGE_KINDS } from './moving-average.ts';
import { MovingAverageSlope } from './moving-average-slope.ts';
import { PivotPoints } from './pivot-points.ts';
import type { PivotPeriod } from './pivot-points.ts';
import { RollingPercentile } from './rolling-percentile.ts';
import { TEMA } from './tema.ts';
import { VWAP } from './vwap.ts';
import { WMA } from './wma.ts';
import { ZLEMA } from './zlema.ts';
import { ZScore } from './z-score.ts';

/** Typed access to a parameter record, falling back to each spec's default. */
interface ParameterReader {
  number(name: string): number;
  string(name: string): string;
  boolean(name: string): boolean;
}

function readerOf(
  specs: readonly ParameterSpec[],
  given: Readonly<Record<string, ParameterValue>>,
): ParameterReader {
  const value = (name: string, type: 'number' | 'string' | 'boolean'): ParameterValue => {
    const spec = specs.find((s) => s.name === name);
    const v = given[name] ?? spec?.default;
    if (typeof v !== type) {
      throw new RooneyError('invalid_parameter', `"${name}" must be a ${type}, was ${JSON.stringify(v)}`);
    }
    return v as ParameterValue;
  };
  return {
    number: (name) => value(name, 'number') as number,
    string: (name) => value(name, 'string') as string,
    boolean: (name) => value(name, 'boolean') as boolean,
  };
}

type Description = Omit<IndicatorDefinition, 'create'>;

function define(description: Description, build: (get: ParameterReader) => Indicator): IndicatorDefinition {
  return {
    ...description,
    create(parameters) {
      return build(readerOf(description.parameters, parameters));
    },
  };
}

function integerParameter(name: string, defaultValue: number, description: string, min = 1): ParameterSpec {
  return { name, default: defaultValue, min, integer: true, description };
}

function periodParameter(defaultValue: number, description = 'number of bars in the window'): ParameterSpec {
  return integerParameter('period', defaultValue, description);
}

const SESSION_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'sessionStart',
    default: 1380,
    min: 0,
    max: 1439,
    integer: true,
    description: 'session start in minutes after local midnight (1380 = 23:00)',
  },
  { name: 'timeZone', default: 'UTC', description: 'IANA time zone of the session start' },
];

/** Definitions of the moving averages, volatility and channel indicators. */
export const definitionsA: readonly IndicatorDefinition[] = [
  define(
    {
      name: 'sma',
      title: 'Simple moving average',
      description: 'Arithmetic mean of the last `period` inputs.',
      input: 'value',
      parameters: [periodParameter(30)],
      lines: ['sma'],
    },
    (get) => new SMA(get.number('period')),
  ),
  define(
    {
      name: 'ema',
      title: 'Exponential moving average',
      description: 'Exponential average, alpha = 2 / (period + 1), seeded with the SMA of the first period inputs.',
      input: 'value',
      parameters: [periodParameter(30, 'span of the average')],
      lines: ['ema'],
    },
    (get) => new EMA(get.number('period')),
  ),
  define(
    {
      name: 'smma',
      title: 'Smoothed moving average (Wilder)',
      description: 'Wilder smoothing, alpha = 1 / period, seeded with the SMA of the first period inputs.',
      input: 'value',
      parameters: [periodParameter(30, 'smoothing period')],
      lines: ['smma'],
    },
    (get) => new SMMA(get.number('period')),
  ),
  define(
    {
      name: 'truerange',
      title: 'True range',
      description: 'max(high, previous close) - min(low, previous close); defined from the second bar.',
      input: 'bar',
      parameters: [],
      lines: ['tr'],
    },
    () => new TrueRange(),
  ),
  define(
    {
      name: 'highest',
      title: 'Highest value',
      description: 'Highest of the last `period` inputs, the current one included.',
      input: 'value',
      parameters: [periodParameter(14)],
      lines: ['highest'],
    },
    (get) => new Highest(get.number('period')),
  ),
  define(
    {
      name: 'lowest',
      title: 'Lowest value',
      description: 'Lowest of the last `period` inputs, the current one included.',
      input: 'value',
      parameters: [periodParameter(14)],
      lines: ['lowest'],
    },
    (get) => new Lowest(get.number('period')),
  ),
  define(
    {
      name: 'percentrank',
      title: 'Percent rank',
      description: 'Fraction of the last `period` inputs strictly below the current one (0 to (period-1)/period).',
      input: 'value',
      parameters: [periodParameter(50)],
      lines: ['pctrank'],
    },
    (get) => new PercentRank(get.number('period')),
  ),
  define(
    {
      name: 'stddev',
      title: 'Standard deviation (population)',
      description: 'Population standard deviation of the last `period` inputs (divides by period).',
      input: 'value',
      parameters: [periodParameter(20)],
      lines: ['stddev'],
    },
    (get) => new StdDev(get.number('period')),
  ),
  define(
    {
      name: 'ibs',
      title: 'Internal bar strength',
      description: '(close - low) / (high - low), 0.5 when high = low.',
      input: 'bar',
      parameters: [],
      lines: ['ibs'],
    },
    () => new IBS(),
  ),
  define(
    {
      name: 'wma',
      title: 'Weighted moving average',
      description: 'Linearly weighted average of the last `period` inputs, newest weighing most.',
      input: 'value',
      parameters: [periodParameter(30)],
      lines: ['wma'],
    },
    (get) => new WMA(get.number('period')),
  ),
  define(
    {
      name: 'dema',
      title: 'Double exponential moving average',
      description: '2 EMA - EMA(EMA).',
      input: 'value',
      parameters: [periodParameter(30, 'span of the EMAs')],
      lines: ['dema'],
    },
    (get) => new DEMA(get.number('period')),
  ),
  define(
    {
      name: 'tema',
      title: 'Triple exponential moving average',
      description: '3 EMA - 3 EMA(EMA) + EMA(EMA(EMA)).',
      input: 'value',
      parameters: [periodParameter(30, 'span of the EMAs')],
      lines: ['tema'],
    },
    (get) => new TEMA(get.number('period')),
  ),
  define(
    {
      name: 'kama',
      title: "Kaufman's adaptive moving average",
      description: 'EMA whose smoothing follows the efficiency ratio between a fast and a slow EMA constant.',
      input: 'value',
      parameters: [
        periodParameter(30, 'efficiency-ratio window'),
        integerParameter('fast', 2, 'period of the fastest EMA followed'),
        integerParameter('slow', 30, 'period of the slowest EMA followed'),
      ],
      lines: ['kama'],
    },
    (get) => new KAMA(get.number('period'), get.number('fast'), get.number('slow')),
  ),
  define(
    {
      name: 'hma',
      title: 'Hull moving average',
      description: 'WMA(2 WMA(period/2) - WMA(period), sqrt(period)).',
      input: 'value',
      parameters: [integerParameter('period', 30, 'main WMA period', 2)],
      lines: ['hma'],
    },
    (get) => new HMA(get.number('period')),
  ),
  define(
    {
      name: 'zlema',
      title: 'Zero-lag exponential moving average',
      description: 'EMA of 2 x - x(lag), lag = (period - 1) / 2.',
      input: 'value',
      parameters: [periodParameter(30, 'span of the EMA')],
      lines: ['zlema'],
    },
    (get) => new ZLEMA(get.number('period')),
  ),
  define(
    {
      name: 'maslope',
      title: 'Moving-average slope',
      description: '(MA_t - MA_{t-lookback}) / lookback, optionally relative to MA_{t-lookback}.',
      input: 'value',
      parameters: [
        periodParameter(20, 'period of the moving average'),
        integerParameter('lookback', 5, 'bars between the two averages compared'),
        { name: 'average', default: 'sma', choices: MOVING_AVERAGE_KINDS, description: 'kind of moving average' },
        { name: 'relative', default: false, description: 'divide by the older average (fraction per bar)' },
      ],
      lines: ['slope'],
    },
    (get) =>
      new MovingAverageSlope(
        get.number('period'),
        get.number('lookback'),
        get.string('average'),
        get.boolean('relative'),
      ),
  ),
  define(
    {
      name: 'bbands',
      title: 'Bollinger Bands',
      description: 'SMA ± devfactor × population standard deviation, with %b and bandwidth.',
      input: 'value',
      parameters: [
        periodParameter(20),
        {
          name: 'devfactor',
          default: 2,
          min: 0,
          description: "band distance in standard deviations (Backtrader's devfactor)",
        },
      ],
      lines: ['mid', 'top', 'bot', 'pctb', 'bandwidth'],
    },
    (get) => new BollingerBands(get.number('period'), get.number('devfactor')),
  ),
  define(
    {
      name: 'atr',
      title: 'Average true range',
      description: 'Wilder smoothing of the true range, defined from bar period + 1.',
      input: 'bar',
      parameters: [periodParameter(14, 'Wilder smoothing period')],
      lines: ['atr'],
    },
    (get) => new ATR(get.number('period')),
  ),
  define(
    {
      name: 'zscore',
      title: 'Rolling z-score',
      description: '(x - mean) / population standard deviation over the last `period` inputs.',
      input: 'value',
      parameters: [integerParameter('period', 20, 'number of bars in the window', 2)],
      lines: ['zscore'],
    },
    (get) => new ZScore(get.number('period')),
  ),
  define(
    {
      name: 'percentile',
      title: 'Rolling percentile',
      description: 'Value at a quantile of the last `period` inputs (linear interpolation, type 7).',
      input: 'value',
      parameters: [
        periodParameter(20),
        { name: 'quantile', default: 0.5, min: 0, max: 1, description: 'quantile in [0, 1] (0.5 = median)' },
      ],
      lines: ['percentile'],
    },
    (get) => new RollingPercentile(get.number('period'), get.number('quantile')),
  ),
  define(
    {
      name: 'donchian',
      title: 'Donchian channel',
      description: 'Highest high, lowest low, their midpoint, and the close position inside the channel (0 to 1).',
      input: 'bar',
      parameters: [periodParameter(20)],
      lines: ['upper', 'lower', 'mid', 'position'],
    },
    (get) => new DonchianChannel(get.number('period')),
  ),
  define(
    {
      name: 'keltner',
      title: 'Keltner channel',
      description: 'EMA of the close ± multiplier × ATR.',
      input: 'bar',
      parameters: [
        periodParameter(20, 'EMA span of the middle line'),
        { name: 'multiplier', default: 2, min: 0, description: 'band distance in ATRs' },
        integerParameter('atrPeriod', 10, 'ATR period'),
      ],
      lines: ['mid', 'upper', 'lower'],
    },
    (get) => new KeltnerChannel(get.number('period'), get.number('multiplier'), get.number('atrPeriod')),
  ),
  define(
    {
      name: 'heikinashi',
      title: 'Heikin-Ashi candles',
      description: 'Smoothed candles: close = OHLC/4, open = mean of the previous candle open and close.',
      input: 'bar',
      parameters: [],
      lines: ['open', 'high', 'low', 'close'],
    },
    () => new HeikinAshi(),
  ),
  define(
    {
      name: 'vwap',
      title: 'Session VWAP',
      description: 'Volume-weighted average price since the start of the trading session.',
      input: 'bar',
      parameters: [
        ...SESSION_PARAMETERS,
        { name: 'price', default: 'typical', choices: ['typical', 'close'], description: 'price weighted by volume' },
      ],
      lines: ['vwap'],
    },
    (get) =>
      new VWAP({
        sessionStart: get.number('sessionStart'),
        timeZone: get.string('timeZone'),
        price: get.string('price') as 'typical' | 'close',
      }),
  ),
  define(
    {
      name: 'pivotpoint',
      title: 'Pivot points (classic floor)',
      description: "Pivot, two resistances and two supports from the previous completed period's high, low and close.",
      input: 'bar',
      parameters: [
        { name: 'period', default: 'day', choices: ['day', 'week', 'month'], description: 'period of the levels' },
        ...SESSION_PARAMETERS,
      ],
      lines: ['p', 'r1', 'r2', 's1', 's2'],
    },
    (get) =>
      new PivotPoints({
        period: get.string('period') as PivotPeriod,
        sessionStart: get.number('sessionStart'),
        timeZone: get.string('timeZone'),
      }),
  ),
  define(
    {
      name: 'hurst',
      title: 'Hurst exponent (rolling)',
      description: 'Slope of log std(x_t - x_{t-k}) on log k over the window: 0.5 random walk, <0.5 mean-reverting.',
      input: 'value',
      parameters: [
        integerParameter('period', 40, 'number of bars in the window', 8),
        integerParameter('lagStart', 2, 'smallest lag'),
        integerParameter('lagEnd', 0, 'one past the largest lag (0 = period / 2)', 0),
      ],
      lines: ['hurst'],
    },
    (get) => new HurstExponent(get.number('period'), get.number('lagStart'), get.number('lagEnd')),
  ),
  define(
    {
      name: 'dv2',
      title: 'DV2 (David Varadi)',
      description: '100 × percent rank over `period` of SMA(close / ((high + low) / 2), maPeriod).',
      input: 'bar',
      parameters: [periodParameter(252, 'percent-rank window'), integerParameter('maPeriod', 2, 'smoothing period')],
      lines: ['dv2'],
    },
    (get) => new DV2(get.number('period'), get.number('maPeriod')),
  ),
];
