/**
 * The definition of every indicator Rooney ships: name, description, parameters with defaults and
 * bounds, output lines, and how to build it (`rooney indicators --list`, feature specs such as
 * `rsi(period=14)`). Look them up through `registry.ts`.
 */
import { DEFAULT_SESSION } from '@rooney/core';
import type { IndicatorDefinition, ParameterSpec } from './registry-types.ts';
import { defineIndicator, integerParameter, periodParameter } from './internal/define-indicator.ts';
import { Aroon } from './aroon.ts';
import { ATR } from './atr.ts';
import { AwesomeOscillator } from './awesome-oscillator.ts';
import { BollingerBands } from './bollinger-bands.ts';
import { CCI } from './cci.ts';
import { ChaikinMoneyFlow } from './chaikin-money-flow.ts';
import { ConnorsRSI } from './connors-rsi.ts';
import { DEMA } from './dema.ts';
import { DetrendedPriceOscillator } from './detrended-price-oscillator.ts';
import { DirectionalMovement } from './directional-movement.ts';
import { DonchianChannel } from './donchian-channel.ts';
import { DV2 } from './dv2.ts';
import { EMA } from './ema.ts';
import { HeikinAshi } from './heikin-ashi.ts';
import { Highest, Lowest } from './highest.ts';
import { HMA } from './hma.ts';
import { HurstExponent } from './hurst-exponent.ts';
import { IBS } from './ibs.ts';
import { Ichimoku } from './ichimoku.ts';
import { KAMA } from './kama.ts';
import { KeltnerChannel } from './keltner-channel.ts';
import { KnowSureThing } from './know-sure-thing.ts';
import { MACD } from './macd.ts';
import { Momentum } from './momentum.ts';
import { MoneyFlowIndex } from './money-flow-index.ts';
import { MovingAverageSlope } from './moving-average-slope.ts';
import { MOVING_AVERAGE_KINDS } from './moving-average.ts';
import { OnBalanceVolume } from './on-balance-volume.ts';
import { ParabolicSAR } from './parabolic-sar.ts';
import { PercentRank } from './percent-rank.ts';
import { PercentagePriceOscillator } from './percentage-price-oscillator.ts';
import type { PivotPeriod } from './pivot-points.ts';
import { PivotPoints } from './pivot-points.ts';
import { RateOfChange } from './rate-of-change.ts';
import { RollingPercentile } from './rolling-percentile.ts';
import { RSI } from './rsi.ts';
import { SMA } from './sma.ts';
import { SMMA } from './smma.ts';
import { StdDev } from './std-dev.ts';
import { Stochastic, StochasticFull } from './stochastic.ts';
import { TEMA } from './tema.ts';
import { TRIX } from './trix.ts';
import { TrueRange } from './true-range.ts';
import { TrueStrengthIndex } from './true-strength-index.ts';
import { UltimateOscillator } from './ultimate-oscillator.ts';
import { Vortex } from './vortex.ts';
import { VWAP } from './vwap.ts';
import { WilliamsAccumulationDistribution } from './williams-accumulation-distribution.ts';
import { WilliamsR } from './williams-r.ts';
import { WMA } from './wma.ts';
import { ZScore } from './z-score.ts';
import { ZLEMA } from './zlema.ts';

const SESSION_PARAMETERS: readonly ParameterSpec[] = [
  {
    name: 'sessionStart',
    default: DEFAULT_SESSION.startMinutes,
    min: 0,
    max: 1439,
    integer: true,
    description: 'session start in minutes after local midnight (1020 = 17:00, the CME Globex open)',
  },
  { name: 'timeZone', default: DEFAULT_SESSION.timeZone, description: 'IANA time zone of the session start' },
];

/** Moving averages, volatility, channels and ranks. */
const AVERAGES_VOLATILITY_CHANNELS: readonly IndicatorDefinition[] = [
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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
  defineIndicator(
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

/** Oscillators, momentum and volume. */
const OSCILLATORS_MOMENTUM_VOLUME: readonly IndicatorDefinition[] = [
  defineIndicator(
    {
      name: 'rsi',
      title: 'Relative strength index',
      description: "Wilder's RSI: 100 - 100 / (1 + average gain / average loss), Wilder smoothing seeded with a mean.",
      input: 'value',
      parameters: [periodParameter(14, 'Wilder smoothing period')],
      lines: ['rsi'],
    },
    (get) => new RSI(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'macd',
      title: 'Moving average convergence/divergence',
      description: 'EMA(fast) - EMA(slow), its EMA signal and the histogram between them.',
      input: 'value',
      parameters: [
        integerParameter('fastPeriod', 12, 'period of the fast EMA'),
        integerParameter('slowPeriod', 26, 'period of the slow EMA'),
        integerParameter('signalPeriod', 9, 'period of the signal EMA'),
      ],
      lines: ['macd', 'signal', 'histo'],
    },
    (get) => new MACD(get.number('fastPeriod'), get.number('slowPeriod'), get.number('signalPeriod')),
  ),
  defineIndicator(
    {
      name: 'stochastic',
      title: 'Stochastic oscillator (slow)',
      description: "Lane's slow stochastic: k = SMA(raw %K, kSmoothing), d = SMA(k, dPeriod); Backtrader's Stochastic.",
      input: 'bar',
      parameters: [
        periodParameter(14, 'bars in the high-low range'),
        integerParameter('kSmoothing', 3, 'SMA period turning raw %K into k'),
        integerParameter('dPeriod', 3, 'SMA period of d over k'),
      ],
      lines: ['k', 'd'],
    },
    (get) => new Stochastic(get.number('period'), get.number('kSmoothing'), get.number('dPeriod')),
  ),
  defineIndicator(
    {
      name: 'stochasticfast',
      title: 'Stochastic oscillator (fast)',
      description: "Lane's fast stochastic: k = raw %K, d = SMA(k, dPeriod); Backtrader's StochasticFast.",
      input: 'bar',
      parameters: [periodParameter(14, 'bars in the high-low range'), integerParameter('dPeriod', 3, 'SMA period of d over k')],
      lines: ['k', 'd'],
    },
    (get) => new Stochastic(get.number('period'), 1, get.number('dPeriod')),
  ),
  defineIndicator(
    {
      name: 'stochasticfull',
      title: 'Stochastic oscillator (full)',
      description: "Raw %K, %D = SMA(%K, dPeriod) and slow %D = SMA(%D, dSlowPeriod); Backtrader's StochasticFull (percK, percD, percDSlow).",
      input: 'bar',
      parameters: [
        periodParameter(14, 'bars in the high-low range'),
        integerParameter('dPeriod', 3, 'SMA period of d over the raw %K'),
        integerParameter('dSlowPeriod', 3, 'SMA period of d_slow over d'),
      ],
      lines: ['k', 'd', 'd_slow'],
    },
    (get) => new StochasticFull(get.number('period'), get.number('dPeriod'), get.number('dSlowPeriod')),
  ),
  defineIndicator(
    {
      name: 'williamsr',
      title: 'Williams %R',
      description: '-100 * (highest high - close) / (highest high - lowest low) over the window.',
      input: 'bar',
      parameters: [periodParameter(14, 'bars in the high-low range')],
      lines: ['percent_r'],
    },
    (get) => new WilliamsR(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'cci',
      title: 'Commodity channel index',
      description: "(tp - SMA(tp)) / (factor * mean deviation) of the typical price, Backtrader's mean deviation.",
      input: 'bar',
      parameters: [
        periodParameter(20, 'averaging period'),
        { name: 'factor', default: 0.015, min: 0.0001, description: "scale constant (Lambert's 0.015)" },
      ],
      lines: ['cci'],
    },
    (get) => new CCI(get.number('period'), get.number('factor')),
  ),
  defineIndicator(
    {
      name: 'adx',
      title: 'Directional movement (ADX, ADXR, +DI, -DI)',
      description: "Wilder's directional movement system with Wilder smoothing; Backtrader's DM.",
      input: 'bar',
      parameters: [periodParameter(14, 'Wilder smoothing period')],
      lines: ['adx', 'adxr', 'plus_di', 'minus_di'],
    },
    (get) => new DirectionalMovement(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'aroon',
      title: 'Aroon up/down and oscillator',
      description: 'How recently the highest high and lowest low of the last period + 1 bars occurred, 0 to 100.',
      input: 'bar',
      parameters: [periodParameter(14, 'look-back in bars (the window holds period + 1 bars)')],
      lines: ['up', 'down', 'oscillator'],
    },
    (get) => new Aroon(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'roc',
      title: 'Rate of change',
      description: '(x - x[period bars ago]) / x[period bars ago], as a ratio.',
      input: 'value',
      parameters: [periodParameter(12, 'look-back in bars')],
      lines: ['roc'],
    },
    (get) => new RateOfChange(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'momentum',
      title: 'Momentum',
      description: 'x - x[period bars ago], in price points.',
      input: 'value',
      parameters: [periodParameter(12, 'look-back in bars')],
      lines: ['momentum'],
    },
    (get) => new Momentum(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'trix',
      title: 'TRIX',
      description: 'One-bar percentage rate of change of a triple EMA.',
      input: 'value',
      parameters: [periodParameter(15, 'period of each EMA')],
      lines: ['trix'],
    },
    (get) => new TRIX(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'ultimateoscillator',
      title: 'Ultimate oscillator',
      description: 'Buying pressure over true range on three windows, weighted 4:2:1, 0 to 100.',
      input: 'bar',
      parameters: [
        integerParameter('shortPeriod', 7, 'shortest window (weight 4)'),
        integerParameter('middlePeriod', 14, 'middle window (weight 2)'),
        integerParameter('longPeriod', 28, 'longest window (weight 1)'),
      ],
      lines: ['uo'],
    },
    (get) => new UltimateOscillator(get.number('shortPeriod'), get.number('middlePeriod'), get.number('longPeriod')),
  ),
  defineIndicator(
    {
      name: 'ichimoku',
      title: 'Ichimoku kinko hyo',
      description:
        'Tenkan, kijun, the senkou spans drawn under the current bar, and the close (chikou, drawn senkouLead ' +
        'bars back); no look-ahead.',
      input: 'bar',
      parameters: [
        integerParameter('tenkanPeriod', 9, 'conversion-line range'),
        integerParameter('kijunPeriod', 26, 'base-line range'),
        integerParameter('senkouPeriod', 52, 'range of the second span'),
        integerParameter('senkouLead', 26, 'bars the spans are drawn ahead (and the chikou behind)', 0),
      ],
      lines: ['tenkan', 'kijun', 'senkou_a', 'senkou_b', 'chikou'],
    },
    (get) => new Ichimoku(get.number('tenkanPeriod'), get.number('kijunPeriod'), get.number('senkouPeriod'), get.number('senkouLead')),
  ),
  defineIndicator(
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
  defineIndicator(
    {
      name: 'dpo',
      title: 'Detrended price oscillator',
      description: "x - SMA(x, period) from ceil(period / 2) - 1 bars ago (Backtrader's DPO).",
      input: 'value',
      parameters: [periodParameter(20, 'moving-average period')],
      lines: ['dpo'],
    },
    (get) => new DetrendedPriceOscillator(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'ppo',
      title: 'Percentage price oscillator',
      description: '100 * (EMA(fast) - EMA(slow)) / EMA(slow), its EMA signal and the histogram.',
      input: 'value',
      parameters: [
        integerParameter('fastPeriod', 12, 'period of the fast EMA'),
        integerParameter('slowPeriod', 26, 'period of the slow EMA (the denominator)'),
        integerParameter('signalPeriod', 9, 'period of the signal EMA'),
      ],
      lines: ['ppo', 'signal', 'histo'],
    },
    (get) => new PercentagePriceOscillator(get.number('fastPeriod'), get.number('slowPeriod'), get.number('signalPeriod')),
  ),
  defineIndicator(
    {
      name: 'awesomeoscillator',
      title: 'Awesome oscillator',
      description: 'SMA(median price, fast) - SMA(median price, slow), median price = (high + low) / 2.',
      input: 'bar',
      parameters: [integerParameter('fastPeriod', 5, 'fast SMA period'), integerParameter('slowPeriod', 34, 'slow SMA period')],
      lines: ['ao'],
    },
    (get) => new AwesomeOscillator(get.number('fastPeriod'), get.number('slowPeriod')),
  ),
  defineIndicator(
    {
      name: 'kst',
      title: 'Know sure thing',
      description: 'Weighted (1, 2, 3, 4) sum of four SMA-smoothed percentage rates of change, and its SMA signal.',
      input: 'value',
      parameters: [
        integerParameter('rocPeriod1', 10, 'look-back of the first rate of change'),
        integerParameter('rocPeriod2', 15, 'look-back of the second rate of change'),
        integerParameter('rocPeriod3', 20, 'look-back of the third rate of change'),
        integerParameter('rocPeriod4', 30, 'look-back of the fourth rate of change'),
        integerParameter('averagePeriod1', 10, 'SMA period of the first rate of change'),
        integerParameter('averagePeriod2', 10, 'SMA period of the second rate of change'),
        integerParameter('averagePeriod3', 10, 'SMA period of the third rate of change'),
        integerParameter('averagePeriod4', 10, 'SMA period of the fourth rate of change'),
        integerParameter('signalPeriod', 9, 'SMA period of the signal line'),
      ],
      lines: ['kst', 'signal'],
    },
    (get) =>
      new KnowSureThing({
        rocPeriod1: get.number('rocPeriod1'),
        rocPeriod2: get.number('rocPeriod2'),
        rocPeriod3: get.number('rocPeriod3'),
        rocPeriod4: get.number('rocPeriod4'),
        averagePeriod1: get.number('averagePeriod1'),
        averagePeriod2: get.number('averagePeriod2'),
        averagePeriod3: get.number('averagePeriod3'),
        averagePeriod4: get.number('averagePeriod4'),
        signalPeriod: get.number('signalPeriod'),
      }),
  ),
  defineIndicator(
    {
      name: 'tsi',
      title: 'True strength index',
      description: '100 * double-EMA of price change / double-EMA of absolute price change.',
      input: 'value',
      parameters: [
        integerParameter('longPeriod', 25, 'period of the first smoothing'),
        integerParameter('shortPeriod', 13, 'period of the second smoothing'),
      ],
      lines: ['tsi'],
    },
    (get) => new TrueStrengthIndex(get.number('longPeriod'), get.number('shortPeriod')),
  ),
  defineIndicator(
    {
      name: 'vortex',
      title: 'Vortex indicator',
      description: 'Sums of |high - previous low| and |low - previous high| over the sum of true ranges.',
      input: 'bar',
      parameters: [periodParameter(14)],
      lines: ['vi_plus', 'vi_minus'],
    },
    (get) => new Vortex(get.number('period')),
  ),
  defineIndicator(
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
  defineIndicator(
    {
      name: 'cmf',
      title: 'Chaikin money flow',
      description: 'Sum of close-location value times volume over the sum of volume.',
      input: 'bar',
      parameters: [periodParameter(20)],
      lines: ['cmf'],
    },
    (get) => new ChaikinMoneyFlow(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'mfi',
      title: 'Money flow index',
      description: 'RSI-like ratio of positive to negative typical-price money flow, 0 to 100.',
      input: 'bar',
      parameters: [periodParameter(14)],
      lines: ['mfi'],
    },
    (get) => new MoneyFlowIndex(get.number('period')),
  ),
  defineIndicator(
    {
      name: 'connorsrsi',
      title: 'Connors RSI',
      description: 'Mean of RSI(price), RSI(up/down streak) and the percent rank of the one-bar return.',
      input: 'value',
      parameters: [
        integerParameter('rsiPeriod', 3, 'period of the price RSI'),
        integerParameter('streakPeriod', 2, 'period of the streak RSI'),
        integerParameter('rankPeriod', 100, 'number of previous returns ranked against'),
      ],
      lines: ['crsi'],
    },
    (get) => new ConnorsRSI(get.number('rsiPeriod'), get.number('streakPeriod'), get.number('rankPeriod')),
  ),
  defineIndicator(
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
    (get) => new ParabolicSAR(get.number('accelerationStep'), get.number('accelerationMaximum')),
  ),
];

/** Every definition, unsorted (`registry.ts` sorts them by name). */
export const DEFINITIONS: readonly IndicatorDefinition[] = [...AVERAGES_VOLATILITY_CHANNELS, ...OSCILLATORS_MOMENTUM_VOLUME];
