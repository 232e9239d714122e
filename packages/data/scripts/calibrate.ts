/**
 * Dev-time calibration of the built-in synthetic dataset from the real daily data in
 * `../shared/datasets/real` (a sibling of the repository root). Prints a TypeScript module with the
 * calibrated numbers; the committed copy is `packages/data/src/synth/calibration.ts`.
 *
 *   node --conditions=source --import tsx packages/data/scripts/calibrate.ts \
 *     [--data <dir with quantiacs-futures-daily/ and etf-daily/>] [--out <file>]
 *
 * Method (per instrument, returns dated inside the window):
 * - price: last close of the window in quote units (Quantiacs prices are dollars per contract:
 *   divided by the big-point value; F_RU uses 100, the old ICE TF contract);
 * - daily log returns of the unadjusted front-month chain with the roll gap removed:
 *   `ln((C_t - RINFO_t) / C_{t-1})` (the Quantiacs toolbox convention); TLT from `Adj Close`;
 * - daily volatility: sample standard deviation of those returns; annual = daily * sqrt(252);
 * - excess kurtosis of the returns;
 * - GARCH(1,1) by Gaussian quasi-maximum likelihood with variance targeting (grid search, then a
 *   finer grid around the best point), the excess kurtosis of its standardised residuals and the
 *   Student-t degrees of freedom with that kurtosis (`4 + 6 / k`, rounded, clamped to [5, 30]);
 * - median daily volume;
 * - Pearson correlation of daily returns on the dates every instrument traded (and traded on the
 *   same previous date, so each return spans the same interval for all).
 *
 * Library code never reads shared data: only this script and the calibration test do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One instrument's source: its file (relative to the data folder) and big-point value. */
interface SourceSpec {
  readonly symbol: string;
  readonly file: string;
  /** Dollars per 1.0 of quote price; 1 for an ETF file in quote units. */
  readonly bigPointValue: number;
  readonly kind: 'quantiacs' | 'yahoo';
}

const SOURCES: readonly SourceSpec[] = [
  { symbol: 'ES', file: 'quantiacs-futures-daily/F_ES.txt', bigPointValue: 50, kind: 'quantiacs' },
  { symbol: 'NQ', file: 'quantiacs-futures-daily/F_NQ.txt', bigPointValue: 20, kind: 'quantiacs' },
  { symbol: 'RTY', file: 'quantiacs-futures-daily/F_RU.txt', bigPointValue: 100, kind: 'quantiacs' },
  { symbol: 'YM', file: 'quantiacs-futures-daily/F_YM.txt', bigPointValue: 5, kind: 'quantiacs' },
  { symbol: 'CL', file: 'quantiacs-futures-daily/F_CL.txt', bigPointValue: 1_000, kind: 'quantiacs' },
  { symbol: 'NG', file: 'quantiacs-futures-daily/F_NG.txt', bigPointValue: 10_000, kind: 'quantiacs' },
  { symbol: 'GC', file: 'quantiacs-futures-daily/F_GC.txt', bigPointValue: 100, kind: 'quantiacs' },
  { symbol: 'SI', file: 'quantiacs-futures-daily/F_SI.txt', bigPointValue: 5_000, kind: 'quantiacs' },
  { symbol: 'HG', file: 'quantiacs-futures-daily/F_HG.txt', bigPointValue: 25_000, kind: 'quantiacs' },
  { symbol: '6A', file: 'quantiacs-futures-daily/F_AD.txt', bigPointValue: 100_000, kind: 'quantiacs' },
  { symbol: '6B', file: 'quantiacs-futures-daily/F_BP.txt', bigPointValue: 62_500, kind: 'quantiacs' },
  { symbol: '6C', file: 'quantiacs-futures-daily/F_CD.txt', bigPointValue: 100_000, kind: 'quantiacs' },
  { symbol: '6E', file: 'quantiacs-futures-daily/F_EC.txt', bigPointValue: 125_000, kind: 'quantiacs' },
  { symbol: '6J', file: 'quantiacs-futures-daily/F_JY.txt', bigPointValue: 12_500_000, kind: 'quantiacs' },
  { symbol: '6M', file: 'quantiacs-futures-daily/F_MP.txt', bigPointValue: 500_000, kind: 'quantiacs' },
  { symbol: '6N', file: 'quantiacs-futures-daily/F_ND.txt', bigPointValue: 100_000, kind: 'quantiacs' },
  { symbol: '6S', file: 'quantiacs-futures-daily/F_SF.txt', bigPointValue: 125_000, kind: 'quantiacs' },
  { symbol: 'ZB', file: 'quantiacs-futures-daily/F_US.txt', bigPointValue: 1_000, kind: 'quantiacs' },
  { symbol: 'TLT', file: 'etf-daily/TLT.csv', bigPointValue: 1, kind: 'yahoo' },
];

/** Returns dated inside [FIRST_DATE, LAST_DATE] (YYYYMMDD): the last five years of the futures files. */
const FIRST_DATE = 20160331;
const LAST_DATE = 20210330;
const TRADING_DAYS_PER_YEAR = 252;

/** Daily rows of one file: dates, closes in quote units, roll gaps in quote units, volumes. */
interface DailyRows {
  readonly dates: number[];
  readonly closes: number[];
  /** Close used for returns (Adj Close for the ETF, Close otherwise). */
  readonly returnCloses: number[];
  readonly rollGaps: number[];
  readonly volumes: number[];
}

/** Parses a Quantiacs `F_*.txt` file (`DATE, OPEN, HIGH, LOW, CLOSE, VOL, OI, P, R, RINFO`). */
function parseQuantiacs(text: string, bigPointValue: number, file: string): DailyRows {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((cell) => cell.trim());
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: no column "${name}" in header ${lines[0]}`);
    return index;
  };
  const [dateAt, closeAt, volumeAt, rollAt] = [column('DATE'), column('CLOSE'), column('VOL'), column('RINFO')];
  const rows: DailyRows = { dates: [], closes: [], returnCloses: [], rollGaps: [], volumes: [] };
  for (let line = 1; line < lines.length; line++) {
    if (lines[line].trim() === '') continue;
    const cells = lines[line].split(',');
    const close = Number(cells[closeAt]) / bigPointValue;
    const rollGap = Number(cells[rollAt]) / bigPointValue;
    const date = Number(cells[dateAt]);
    if (!Number.isFinite(close) || !(close > 0) || !Number.isFinite(rollGap) || !Number.isInteger(date)) {
      throw new Error(`${file}, line ${line + 1}: cannot parse "${lines[line]}"`);
    }
    rows.dates.push(date);
    rows.closes.push(close);
    rows.returnCloses.push(close);
    rows.rollGaps.push(rollGap);
    rows.volumes.push(Number(cells[volumeAt]));
  }
  return rows;
}

/** Parses a Yahoo-format CSV (`Date,Open,High,Low,Close,Adj Close,Volume`). */
function parseYahoo(text: string, file: string): DailyRows {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((cell) => cell.trim());
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${file}: no column "${name}" in header ${lines[0]}`);
    return index;
  };
  const [dateAt, closeAt, adjustedAt, volumeAt] = [column('Date'), column('Close'), column('Adj Close'), column('Volume')];
  const rows: DailyRows = { dates: [], closes: [], returnCloses: [], rollGaps: [], volumes: [] };
  for (let line = 1; line < lines.length; line++) {
    if (lines[line].trim() === '') continue;
    const cells = lines[line].split(',');
    const date = Number(cells[dateAt].replaceAll('-', ''));
    const close = Number(cells[closeAt]);
    const adjusted = Number(cells[adjustedAt]);
    if (!Number.isInteger(date) || !(close > 0) || !(adjusted > 0)) {
      throw new Error(`${file}, line ${line + 1}: cannot parse "${lines[line]}"`);
    }
    rows.dates.push(date);
    rows.closes.push(close);
    rows.returnCloses.push(adjusted);
    rows.rollGaps.push(0);
    rows.volumes.push(Number(cells[volumeAt]));
  }
  return rows;
}

/** Roll-adjusted daily log returns keyed by date, each with the date of the row before it. */
interface DailyReturns {
  readonly dates: number[];
  readonly previousDates: number[];
  readonly values: number[];
}

function windowReturns(rows: DailyRows): DailyReturns {
  const out: DailyReturns = { dates: [], previousDates: [], values: [] };
  for (let i = 1; i < rows.dates.length; i++) {
    const date = rows.dates[i];
    if (date < FIRST_DATE || date > LAST_DATE) continue;
    const adjustedClose = rows.returnCloses[i] - rows.rollGaps[i];
    out.dates.push(date);
    out.previousDates.push(rows.dates[i - 1]);
    out.values.push(Math.log(adjustedClose / rows.returnCloses[i - 1]));
  }
  return out;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample standard deviation (n - 1). */
function standardDeviation(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** Excess kurtosis, population moments: m4 / m2^2 - 3. */
function excessKurtosis(values: ArrayLike<number>): number {
  const m = mean(values);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= values.length;
  m4 /= values.length;
  return m4 / (m2 * m2) - 3;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Gaussian log-likelihood (constants dropped) of GARCH(1,1) with variance targeting:
 * `h_t = v (1 - a - b) + a e_{t-1}^2 + b h_{t-1}`, `h_0 = v`, `e` the demeaned returns.
 */
function garchLogLikelihood(errors: Float64Array, variance: number, alpha: number, beta: number): number {
  const omega = variance * (1 - alpha - beta);
  let h = variance;
  let sum = 0;
  for (let t = 0; t < errors.length; t++) {
    if (t > 0) h = omega + alpha * errors[t - 1] * errors[t - 1] + beta * h;
    sum -= 0.5 * (Math.log(h) + (errors[t] * errors[t]) / h);
  }
  return sum;
}

interface GarchFit {
  readonly alpha: number;
  readonly beta: number;
  readonly residualExcessKurtosis: number;
}

function fitGarch(returns: readonly number[]): GarchFit {
  const m = mean(returns);
  const errors = Float64Array.from(returns, (r) => r - m);
  let variance = 0;
  for (const e of errors) variance += e * e;
  variance /= errors.length;
  let best = { alpha: 0, beta: 0, value: garchLogLikelihood(errors, variance, 0, 0) };
  const search = (alphaFrom: number, alphaTo: number, betaFrom: number, betaTo: number, step: number): void => {
    for (let alpha = alphaFrom; alpha <= alphaTo + 1e-12; alpha += step) {
      for (let beta = betaFrom; beta <= betaTo + 1e-12; beta += step) {
        const a = Math.round(alpha * 10000) / 10000;
        const b = Math.round(beta * 10000) / 10000;
        if (a < 0 || b < 0 || a + b >= 0.999) continue;
        const value = garchLogLikelihood(errors, variance, a, b);
        if (value > best.value) best = { alpha: a, beta: b, value };
      }
    }
  };
  search(0.01, 0.4, 0.3, 0.99, 0.01);
  search(best.alpha - 0.01, best.alpha + 0.01, best.beta - 0.01, best.beta + 0.01, 0.001);
  const omega = variance * (1 - best.alpha - best.beta);
  const standardised = new Float64Array(errors.length);
  let h = variance;
  for (let t = 0; t < errors.length; t++) {
    if (t > 0) h = omega + best.alpha * errors[t - 1] * errors[t - 1] + best.beta * h;
    standardised[t] = errors[t] / Math.sqrt(h);
  }
  return { alpha: best.alpha, beta: best.beta, residualExcessKurtosis: excessKurtosis(standardised) };
}

/** Student-t degrees of freedom whose excess kurtosis is `k` (6 / (df - 4)), rounded to [5, 30]. */
function tailDegrees(k: number): number {
  if (!(k > 0)) return 30;
  return Math.min(30, Math.max(5, Math.round(4 + 6 / k)));
}

/** Significant-digit rounding that prints without binary noise. */
function significant(value: number, digits = 6): number {
  return Number(value.toPrecision(digits));
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const defaultData = fileURLToPath(new URL('../../../../shared/datasets/real/', import.meta.url));
  const dataDir = option('--data') ?? defaultData;
  const out = option('--out');

  const series = SOURCES.map((source) => {
    const text = readFileSync(join(dataDir, source.file), 'utf8');
    const rows = source.kind === 'quantiacs' ? parseQuantiacs(text, source.bigPointValue, source.file) : parseYahoo(text, source.file);
    return { source, rows, returns: windowReturns(rows) };
  });

  const instruments = series.map(({ source, rows, returns }) => {
    let lastIndex = rows.dates.length - 1;
    while (rows.dates[lastIndex] > LAST_DATE) lastIndex--;
    const firstIndex = rows.dates.findIndex((date) => date >= FIRST_DATE);
    const dailyVolatility = standardDeviation(returns.values);
    const garch = fitGarch(returns.values);
    return {
      symbol: source.symbol,
      sourceFile: source.file,
      observations: returns.values.length,
      lastDate: rows.dates[lastIndex],
      price: significant(rows.closes[lastIndex], 8),
      dailyVolatility: significant(dailyVolatility),
      annualVolatility: significant(dailyVolatility * Math.sqrt(TRADING_DAYS_PER_YEAR)),
      excessKurtosis: significant(excessKurtosis(returns.values), 4),
      garchAlpha: garch.alpha,
      garchBeta: garch.beta,
      residualExcessKurtosis: significant(garch.residualExcessKurtosis, 4),
      tailDegrees: tailDegrees(garch.residualExcessKurtosis),
      medianDailyVolume: Math.round(median(rows.volumes.slice(firstIndex, lastIndex + 1))),
    };
  });

  // Dates where every instrument has a return over the same interval.
  const lookups = series.map(({ returns }) => new Map(returns.dates.map((date, i) => [date, i])));
  const commonDates = series[0].returns.dates.filter((date) => {
    const previous = series[0].returns.previousDates[lookups[0].get(date)!];
    return lookups.every((lookup, s) => {
      const i = lookup.get(date);
      return i !== undefined && series[s].returns.previousDates[i] === previous;
    });
  });
  const columns = series.map(({ returns }, s) => Float64Array.from(commonDates, (date) => returns.values[lookups[s].get(date)!]));
  const correlation = columns.map((a) => columns.map((b) => Number(pearson(a, b).toFixed(4))));

  const symbols = instruments.map((instrument) => instrument.symbol);
  const text = renderModule(instruments, symbols, correlation, commonDates);
  if (out === undefined) process.stdout.write(text);
  else {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  }
}

type InstrumentRow = {
  symbol: string;
  sourceFile: string;
  observations: number;
  lastDate: number;
  price: number;
  dailyVolatility: number;
  annualVolatility: number;
  excessKurtosis: number;
  garchAlpha: number;
  garchBeta: number;
  residualExcessKurtosis: number;
  tailDegrees: number;
  medianDailyVolume: number;
};

function renderModule(
  instruments: readonly InstrumentRow[],
  symbols: readonly string[],
  correlation: readonly (readonly number[])[],
  commonDates: readonly number[],
): string {
  const key = (symbol: string): string => (/^[A-Za-z_]\w*$/.test(symbol) ? symbol : `'${symbol}'`);
  const table = instruments
    .map(
      (row) =>
        ` * | ${row.symbol.padEnd(3)} | ${String(row.price).padStart(10)} | ${(row.annualVolatility * 100).toFixed(1).padStart(5)}% |` +
        ` ${row.excessKurtosis.toFixed(1).padStart(5)} | ${(row.garchAlpha + row.garchBeta).toFixed(3)} | ${String(row.tailDegrees).padStart(2)} |`,
    )
    .join('\n');
  const entries = instruments
    .map((row) => {
      const fields = Object.entries(row)
        .map(([name, value]) => `    ${name}: ${typeof value === 'string' ? `'${value}'` : String(value)},`)
        .join('\n');
      return `  ${key(row.symbol)}: {\n${fields}\n  },`;
    })
    .join('\n');
  const matrix = correlation.map((row) => `  [${row.map((value) => value.toFixed(4)).join(', ')}],`).join('\n');
  return `// Generated by packages/data/scripts/calibrate.ts from ../shared/datasets/real; do not edit by hand.
/**
 * Calibration of Rooney's built-in synthetic dataset, measured on real daily data.
 *
 * Sources (in the repository's sibling \`shared/datasets/real\`): \`quantiacs-futures-daily/F_*.txt\`
 * (unadjusted front-month chains, prices in dollars per contract, divided here by the big-point
 * value; F_RU by 100) and \`etf-daily/TLT.csv\` (Adj Close for returns, Close for the price).
 * Window: returns dated ${FIRST_DATE} to ${LAST_DATE} (the last five years of the futures files);
 * the price is the close on the last date of the window.
 *
 * Method: daily log returns with the roll gap removed, \`ln((C_t - RINFO_t) / C_{t-1})\`; sample
 * standard deviation (annualised by sqrt(${TRADING_DAYS_PER_YEAR})); excess kurtosis; GARCH(1,1) by Gaussian
 * quasi-maximum likelihood with variance targeting (grid search to 0.001); Student-t degrees of
 * freedom matching the excess kurtosis of the GARCH residuals (\`4 + 6 / k\`, clamped to [5, 30]);
 * median daily volume (contracts; shares for TLT); Pearson correlation of daily returns on the
 * ${commonDates.length} dates (${commonDates[0]} to ${commonDates[commonDates.length - 1]}) on which every instrument has a return over
 * the same interval. Tick sizes are not stored here: they come from \`DEFAULT_CONTRACTS\`.
 *
 * | sym |      price |   vol  | kurt  | a+b   | df |
${table}
 */

/** Calibrated statistics of one instrument (see the module comment for the method). */
export interface SyntheticInstrumentCalibration {
  readonly symbol: string;
  /** Source file, relative to \`shared/datasets/real\`. */
  readonly sourceFile: string;
  /** Number of daily returns in the window. */
  readonly observations: number;
  /** Date (YYYYMMDD) of the close used as \`price\`. */
  readonly lastDate: number;
  /** Last close in quote units. */
  readonly price: number;
  /** Standard deviation of daily log returns. */
  readonly dailyVolatility: number;
  /** \`dailyVolatility * sqrt(${TRADING_DAYS_PER_YEAR})\`. */
  readonly annualVolatility: number;
  /** Excess kurtosis of daily log returns. */
  readonly excessKurtosis: number;
  /** GARCH(1,1) reaction to the last squared return. */
  readonly garchAlpha: number;
  /** GARCH(1,1) weight of the last variance. */
  readonly garchBeta: number;
  /** Excess kurtosis of the GARCH standardised residuals. */
  readonly residualExcessKurtosis: number;
  /** Student-t degrees of freedom with the residuals' excess kurtosis. */
  readonly tailDegrees: number;
  /** Median daily volume in the window. */
  readonly medianDailyVolume: number;
}

/** Dates (YYYYMMDD) of the first and last daily returns used. */
export const SYNTHETIC_CALIBRATION_WINDOW: Readonly<{ firstDate: number; lastDate: number }> = Object.freeze({
  firstDate: ${FIRST_DATE},
  lastDate: ${LAST_DATE},
});

/** Calibrated statistics by symbol. */
export const SYNTHETIC_CALIBRATION: Readonly<Record<string, SyntheticInstrumentCalibration>> = Object.freeze({
${entries}
});

/** Row and column order of \`SYNTHETIC_CORRELATION\`. */
export const SYNTHETIC_CORRELATION_SYMBOLS: readonly string[] = Object.freeze([${symbols.map((s) => `'${s}'`).join(', ')}]);

/** Correlation of daily log returns, in the order of \`SYNTHETIC_CORRELATION_SYMBOLS\`. */
export const SYNTHETIC_CORRELATION: readonly (readonly number[])[] = Object.freeze([
${matrix}
]);
`;
}

main();
