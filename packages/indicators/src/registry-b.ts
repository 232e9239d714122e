import { RooneyError } from '@rooney/core';
import type { Indicator } from './indicator.ts';
import type { IndicatorDefinition, ParameterSpec, ParameterValue } from './registry-types.ts';
import { Aroon } from './aroon.ts';
import { AwesomeOscillator } from './awesome-oscillator.ts';
import { CCI } from './cci.ts';
import { ChaikinMoneyFlow } from './chaikin-money-flow.ts';
import { ConnorsRSI } from './connors-rsi.ts';
import { DetrendedPriceOscillator } from './detrended-price-oscillator.ts';
import { DirectionalMovement } from './directional-movement.ts';
import { Ichimoku } from './ichimoku.ts';
import { KnowSureThing } from './know-sure-thing.ts';
import { MACD } from './macd.ts';
import { Momentum } from './momentum.ts';
import { MoneyFlowIndex } from './money-flow-index.ts';
import { OnBalanceVolume } from './on-balance-volume.ts';
import { ParabolicSAR } from './parabolic-sar.ts';
import { PercentagePriceOscillator } from './percentage-price-oscillator.ts';
import { RateOfChange } from './rate-of-change.ts';
import { RSI } from './rsi.ts';
import { Stochastic } from './stochastic.ts';
import { TRIX } from './trix.ts';
import { TrueStrengthIndex } from './true-strength-index.ts';
import { UltimateOscillator } from './ultimate-oscillator.ts';
import { Vortex } from './vortex.ts';
import { WilliamsAccumulationDistribution } from './williams-accumulation-distribution.ts';
import { WilliamsR } from './williams-r.ts';

/** Reads numeric parameters from a spec record, falling back to each spec's default. */
type NumberReader = (name: string) => number;

function define(
  description: Omit<IndicatorDefinition, 'create'>,
  build: (get: NumberReader) => Indicator,
): IndicatorDefinition {
  return {
    ...description,
    create(parameters: Readonly<Record<string, ParameterValue>>): Indicator {
      const get: NumberReader = (name) => {
        const spec = description.parameters.find((candidate) => candidate.name === name);
        const value = parameters[name] ?? spec?.default;
        if (typeof value !== 'number') {
          throw new RooneyError('invalid_parameter', `"${name}" must be a number, was ${JSON.stringify(value)}`);
        }
        return value;
      };
      return build(get);
    },
  };
}

function integer(name: string, defaultValue: number, description: string, min = 1): ParameterSpec {
  return { name, default: defaultValue, min, integer: true, description };
}

const period = (defaultValue: number, description = 'number of bars in the window'): ParameterSpec =>
  integer('period', defaultValue, description);

/** Definitions of the oscillators, momentum and volume indicators. */
export const definitionsB: readonly IndicatorDefinition[] = [
  define(
    {
      name: 'rsi',
      title: 'Relative strength index',
      description: "Wilder's RSI: 100 - 100 / (1 + average gain / average loss), Wilder smoothing seeded with a mean.",
      input: 'value',
      parameters: [period(14, 'Wilder smoothing period')],
      lines: ['rsi'],
    },
    (get) => new RSI(get('period')),
  ),
  define(
    {
      name: 'macd',
      title: 'Moving average convergence/divergence',
      description: 'EMA(fast) - EMA(slow), its EMA signal and the histogram between them.',
      input: 'value',
      parameters: [
        integer('fastPeriod', 12, 'period of the fast EMA'),
        integer('slowPeriod', 26, 'period of the slow EMA'),
        integer('signalPeriod', 9, 'period of the signal EMA'),
      ],
      lines: ['macd', 'signal', 'histo'],
    },
    (get) => new MACD(get('fastPeriod'), get('slowPeriod'), get('signalPeriod')),
  ),
  define(
    {
      name: 'stochastic',
      title: 'Stochastic oscillator (slow)',
      description: "Lane's slow stochastic: k = SMA(raw %K, kSmoothing), d = SMA(k, dPeriod); Backtrader's Stochastic.",
      input: 'bar',
      parameters: [
        period(14, 'bars in the high-low range'),
        integer('kSmoothing', 3, 'SMA period turning raw %K into k'),
        integer('dPeriod', 3, 'SMA period of d over k'),
      ],
      lines: ['k', 'd'],
    },
    (get) => new Stochastic(get('period'), get('kSmoothing'), get('dPeriod')),
  ),
  define(
    {
      name: 'stochasticfast',
      title: 'Stochastic oscillator (fast)',
      description: "Lane's fast stochastic: k = raw %K, d = SMA(k, dPeriod); Backtrader's StochasticFast.",
      input: 'bar',
      parameters: [period(14, 'bars in the high-low range'), integer('dPeriod', 3, 'SMA period of d over k')],
      lines: ['k', 'd'],
    },
    (get) => new Stochastic(get('period'), 1, get('dPeriod')),
  ),
  define(
    {
      name: 'stochasticfull',
      title: 'Stochastic oscillator (full)',
      description: 'Full stochastic, every smoothing a parameter: k = SMA(raw %K, kSmoothing), d = SMA(k, dPeriod).',
      input: 'bar',
      parameters: [
        period(14, 'bars in the high-low range'),
        integer('kSmoothing', 3, 'SMA period turning raw %K into k (1 = fast)'),
        integer('dPeriod', 3, 'SMA period of d over k'),
      ],
      lines: ['k', 'd'],
    },
    (get) => new Stochastic(get('period'), get('kSmoothing'), get('dPeriod')),
  ),
  define(
    {
      name: 'williamsr',
      title: 'Williams %R',
      description: '-100 * (highest high - close) / (highest high - lowest low) over the window.',
      input: 'bar',
      parameters: [period(14, 'bars in the high-low range')],
      lines: ['percent_r'],
    },
    (get) => new WilliamsR(get('period')),
  ),
  define(
    {
      name: 'cci',
      title: 'Commodity channel index',
      description: "(tp - SMA(tp)) / (factor * mean deviation) of the typical price, Backtrader's mean deviation.",
      input: 'bar',
      parameters: [
        period(20, 'averaging period'),
        { name: 'factor', default: 0.015, min: 0.0001, description: "scale constant (Lambert's 0.015)" },
      ],
      lines: ['cci'],
    },
    (get) => new CCI(get('period'), get('factor')),
  ),
  define(
    {
      name: 'adx',
      title: 'Directional movement (ADX, ADXR, +DI, -DI)',
      description: "Wilder's directional movement system with Wilder smoothing; Backtrader's DM.",
      input: 'bar',
      parameters: [period(14, 'Wilder smoothing period')],
      lines: ['adx', 'adxr', 'plus_di', 'minus_di'],
    },
    (get) => new DirectionalMovement(get('period')),
  ),
  define(
    {
      name: 'aroon',
      title: 'Aroon up/down and oscillator',
      description: 'How recently the highest high and lowest low of the last period + 1 bars occurred, 0 to 100.',
      input: 'bar',
      parameters: [period(14, 'look-back in bars (the window holds period + 1 bars)')],
      lines: ['up', 'down', 'oscillator'],
    },
    (get) => new Aroon(get('period')),
  ),
  define(
    {
      name: 'roc',
      title: 'Rate of change',
      description: '(x - x[period bars ago]) / x[period bars ago], as a ratio.',
      input: 'value',
      parameters: [period(12, 'look-back in bars')],
      lines: ['roc'],
    },
    (get) => new RateOfChange(get('period')),
  ),
  define(
    {
      name: 'momentum',
      title: 'Momentum',
      description: 'x - x[period bars ago], in price points.',
      input: 'value',
      parameters: [period(12, 'look-back in bars')],
      lines: ['momentum'],
    },
    (get) => new Momentum(get('period')),
  ),
  define(
    {
      name: 'trix',
      title: 'TRIX',
      description: 'One-bar percentage rate of change of a triple EMA.',
      input: 'value',
      parameters: [period(15, 'period of each EMA')],
      lines: ['trix'],
    },
    (get) => new TRIX(get('period')),
  ),
  define(
    {
      name: 'ultimateoscillator',
      title: 'Ultimate oscillator',
      description: 'Buying pressure over true range on three windows, weighted 4:2:1, 0 to 100.',
      input: 'bar',
      parameters: [
        integer('shortPeriod', 7, 'shortest window (weight 4)'),
        integer('middlePeriod', 14, 'middle window (weight 2)'),
        integer('longPeriod', 28, 'longest window (weight 1)'),
      ],
      lines: ['uo'],
    },
    (get) => new UltimateOscillator(get('shortPeriod'), get('middlePeriod'), get('longPeriod')),
  ),
  define(
    {
      name: 'ichimoku',
      title: 'Ichimoku kinko hyo',
      description:
        'Tenkan, kijun, the senkou spans drawn under the current bar, and the close (chikou, drawn senkouLead ' +
        'bars back); no look-ahead.',
      input: 'bar',
      parameters: [
        integer('tenkanPeriod', 9, 'conversion-line range'),
        integer('kijunPeriod', 26, 'base-line range'),
        integer('senkouPeriod', 52, 'range of the second span'),
        integer('senkouLead', 26, 'bars the spans are drawn ahead (and the chikou behind)', 0),
      ],
      lines: ['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou'],
    },
    (get) => new Ichimoku(get('tenkanPeriod'), get('kijunPeriod'), get('senkouPeriod'), get('senkouLead')),
  ),
  define(
    {
      name: 'williamsad',
      title: 'Williams accumulation/distribution',
      description: 'Running total of close - true low on up closes and close - true high on down closes.',
      input: 'bar',
      parameters: [],
      lines: ['ad'],
    },
    () => new WilliamsAccumulationDistribution(),
  ),
  define(
    {
      name: 'dpo',
      title: 'Detrended price oscillator',
      description: "x - SMA(x, period) from ceil(period / 2) - 1 bars ago (Backtrader's DPO).",
      input: 'value',
      parameters: [period(20, 'moving-average period')],
      lines: ['dpo'],
    },
    (get) => new DetrendedPriceOscillator(get('period')),
  ),
  define(
    {
      name: 'ppo',
      title: 'Percentage price oscillator',
      description: '100 * (EMA(fast) - EMA(slow)) / EMA(slow), its EMA signal and the histogram.',
      input: 'value',
      parameters: [
        integer('fastPeriod', 12, 'period of the fast EMA'),
        integer('slowPeriod', 26, 'period of the slow EMA (the denominator)'),
        integer('signalPeriod', 9, 'period of the signal EMA'),
      ],
      lines: ['ppo', 'signal', 'histo'],
    },
    (get) => new PercentagePriceOscillator(get('fastPeriod'), get('slowPeriod'), get('signalPeriod')),
  ),
  define(
    {
      name: 'awesomeoscillator',
      title: 'Awesome oscillator',
      description: 'SMA(median price, fast) - SMA(median price, slow), median price = (high + low) / 2.',
      input: 'bar',
      parameters: [integer('fastPeriod', 5, 'fast SMA period'), integer('slowPeriod', 34, 'slow SMA period')],
      lines: ['ao'],
    },
    (get) => new AwesomeOscillator(get('fastPeriod'), get('slowPeriod')),
  ),
  define(
    {
      name: 'kst',
      title: 'Know sure thing',
      description: 'Weighted (1, 2, 3, 4) sum of four SMA-smoothed percentage rates of change, and its SMA signal.',
      input: 'value',
      parameters: [
        integer('rocPeriod1', 10, 'look-back of the first rate of change'),
        integer('rocPeriod2', 15, 'look-back of the second rate of change'),
        integer('rocPeriod3', 20, 'look-back of the third rate of change'),
        integer('rocPeriod4', 30, 'look-back of the fourth rate of change'),
        integer('averagePeriod1', 10, 'SMA period of the first rate of change'),
        integer('averagePeriod2', 10, 'SMA period of the second rate of change'),
        integer('averagePeriod3', 10, 'SMA period of the third rate of change'),
        integer('averagePeriod4', 10, 'SMA period of the fourth rate of change'),
        integer('signalPeriod', 9, 'SMA period of the signal line'),
      ],
      lines: ['kst', 'signal'],
    },
    (get) =>
      new KnowSureThing({
        rocPeriod1: get('rocPeriod1'),
        rocPeriod2: get('rocPeriod2'),
        rocPeriod3: get('rocPeriod3'),
        rocPeriod4: get('rocPeriod4'),
        averagePeriod1: get('averagePeriod1'),
        averagePeriod2: get('averagePeriod2'),
        averagePeriod3: get('averagePeriod3'),
        averagePeriod4: get('averagePeriod4'),
        signalPeriod: get('signalPeriod'),
      }),
  ),
  define(
    {
      name: 'tsi',
      title: 'True strength index',
      description: '100 * double-EMA of price change / double-EMA of absolute price change.',
      input: 'value',
      parameters: [
        integer('longPeriod', 25, 'period of the first smoothing'),
        integer('shortPeriod', 13, 'period of the second smoothing'),
      ],
      lines: ['tsi'],
    },
    (get) => new TrueStrengthIndex(get('longPeriod'), get('shortPeriod')),
  ),
  define(
    {
      name: 'vortex',
      title: 'Vortex indicator',
      description: 'Sums of |high - previous low| and |low - previous high| over the sum of true ranges.',
      input: 'bar',
      parameters: [period(14)],
      lines: ['vi_plus', 'vi_minus'],
    },
    (get) => new Vortex(get('period')),
  ),
  define(
    {
      name: 'obv',
      title: 'On-balance volume',
      description: 'Running total of volume signed by the close-to-close change, 0 on the first bar.',
      input: 'bar',
      parameters: [],
      lines: ['obv'],
    },
    () => new OnBalanceVolume(),
  ),
  define(
    {
      name: 'cmf',
      title: 'Chaikin money flow',
      description: 'Sum of close-location value times volume over the sum of volume.',
      input: 'bar',
      parameters: [period(20)],
      lines: ['cmf'],
    },
    (get) => new ChaikinMoneyFlow(get('period')),
  ),
  define(
    {
      name: 'mfi',
      title: 'Money flow index',
      description: 'RSI-like ratio of positive to negative typical-price money flow, 0 to 100.',
      input: 'bar',
      parameters: [period(14)],
      lines: ['mfi'],
    },
    (get) => new MoneyFlowIndex(get('period')),
  ),
  define(
    {
      name: 'connorsrsi',
      title: 'Connors RSI',
      description: 'Mean of RSI(price), RSI(up/down streak) and the percent rank of the one-bar return.',
      input: 'value',
      parameters: [
        integer('rsiPeriod', 3, 'period of the price RSI'),
        integer('streakPeriod', 2, 'period of the streak RSI'),
        integer('rankPeriod', 100, 'number of previous returns ranked against'),
      ],
      lines: ['crsi'],
    },
    (get) => new ConnorsRSI(get('rsiPeriod'), get('streakPeriod'), get('rankPeriod')),
  ),
  define(
    {
      name: 'parabolicsar',
      title: 'Parabolic SAR',
      description: "Wilder's stop-and-reverse, started and capped as in Backtrader's ParabolicSAR.",
      input: 'bar',
      parameters: [
        {
          name: 'accelerationStep',
          default: 0.02,
          min: 0.0001,
          max: 1,
          description: 'starting acceleration factor and its increment',
        },
        {
          name: 'accelerationMaximum',
          default: 0.2,
          min: 0.0001,
          max: 1,
          description: 'cap on the acceleration factor (>= accelerationStep)',
        },
      ],
      lines: ['sar', 'trend'],
    },
    (get) => new ParabolicSAR(get('accelerationStep'), get('accelerationMaximum')),
  ),
];
