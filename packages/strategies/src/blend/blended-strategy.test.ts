import { contractSpec, runBacktest } from '@rooney/core';
import type { BarArrays, BarEvent, GateRequest, OrderGate, Subscription } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import type { AlphaContext, AlphaModel, AlphaSignals } from './alpha-model.ts';
import { BlendedStrategy } from './blended-strategy.ts';

const DAY = 86_400_000;
const HALF_DAY = DAY / 2;
const T0 = Date.UTC(2024, 0, 2, 23);

function bars(symbol: string, barMs: number, opens: number[], closes: number[]): BarArrays {
  const n = closes.length;
  const high = Float64Array.from(closes, (c, i) => Math.max(c, opens[i]) + 1);
  const low = Float64Array.from(closes, (c, i) => Math.min(c, opens[i]) - 1);
  return {
    symbol,
    barMs,
    length: n,
    ts: Float64Array.from({ length: n }, (_, i) => T0 + i * barMs),
    open: Float64Array.from(opens),
    high,
    low,
    close: Float64Array.from(closes),
    volume: new Float64Array(n).fill(1),
  };
}

/** An alpha that plays a script: after bar i of its series closes, target `script[i]`. */
class ScriptedAlpha implements AlphaModel {
  readonly name: string;
  private readonly timeframe: string;
  private readonly script: readonly number[];
  private readonly confidence: number;

  constructor(name: string, timeframe: string, script: readonly number[], confidence = 1) {
    this.name = name;
    this.timeframe = timeframe;
    this.script = script;
    this.confidence = confidence;
  }

  subscriptions(): readonly Subscription[] {
    return [{ symbol: 'ES', timeframe: this.timeframe }];
  }

  onBar(_context: AlphaContext, event: BarEvent, signals: AlphaSignals): void {
    signals.set('ES', this.script[event.view.length - 1] ?? 0, this.confidence);
  }
}

const ES = contractSpec('ES', { commission: 0 });
const OPENS = [100, 100.5, 101.5, 103, 102, 103.5, 100.5, 99.5];
const CLOSES = [100, 101, 103, 102, 104, 101, 100, 99];

describe('BlendedStrategy', () => {
  it('trades toward round(sum weight · confidence · target · size) with market orders', () => {
    // Combined target with size 2: A + B = 0, 1, 2, 2, 0, -2, 0, 0.
    const blend = new BlendedStrategy('blend', ['ES'], [
      { alpha: new ScriptedAlpha('a', '1d', [0, 1, 1, 1, -1, -1, 0, 0]), weight: 0.5 },
      { alpha: new ScriptedAlpha('b', '1d', [0, 0, 1, 1, 1, -1, 0, 0]), weight: 0.5 },
    ], { size: 2 });
    const result = runBacktest({ series: [bars('ES', DAY, OPENS, CLOSES)], strategies: [blend], startingCash: 100_000, contracts: { ES } });
    expect(result.fills.map((f) => [f.side, f.quantity, f.price, f.tag])).toEqual([
      ['buy', 1, 101.5, 'entry'],
      ['buy', 1, 103, 'entry'],
      ['sell', 2, 103.5, 'exit'],
      ['sell', 2, 100.5, 'entry'],
      ['buy', 2, 99.5, 'exit'],
    ]);
    // The long opened in two steps at an average of 102.25.
    expect(result.trades.map((t) => [t.direction, t.quantity, t.entryPrice, t.exitPrice, t.grossPnl])).toEqual([
      ['long', 2, 102.25, 103.5, 125],
      ['short', 2, 100.5, 99.5, 100],
    ]);
    expect(result.trades[0].meta).toEqual({ blend_target: 1, 'a.target': 1, 'a.contribution': 1, 'b.target': 0, 'b.contribution': 0 });
    expect(result.trades[1].meta).toEqual({ blend_target: -2, 'a.target': -1, 'a.contribution': -1, 'b.target': -1, 'b.contribution': -1 });
  });

  it('reverses with one order that closes and opens the other side', () => {
    const blend = new BlendedStrategy('blend', ['ES'], [{ alpha: new ScriptedAlpha('a', '1d', [1, 1, -1, -1, 0]), weight: 1 }], { size: 3 });
    const result = runBacktest({ series: [bars('ES', DAY, OPENS, CLOSES)], strategies: [blend], startingCash: 100_000, contracts: { ES } });
    expect(result.fills.map((f) => [f.side, f.quantity, f.price, f.tag])).toEqual([
      ['buy', 3, 100.5, 'entry'],
      ['sell', 6, 103, 'reverse'],
      ['buy', 3, 103.5, 'exit'],
    ]);
    expect(result.trades.map((t) => [t.direction, t.quantity, t.entryPrice, t.exitPrice, t.exitReason, t.meta?.blend_target])).toEqual([
      ['long', 3, 100.5, 103, 'reverse', 3],
      ['short', 3, 103, 103.5, 'exit', -3],
    ]);
  });

  it('retries a blocked entry on the next bar', () => {
    const reviews: [number, boolean, string][] = [];
    const gate: OrderGate = {
      review(request: GateRequest, portfolio) {
        const blocked = request.isEntry && reviews.length === 0;
        reviews.push([portfolio.ts, request.isEntry, blocked ? 'blocked' : 'ok']);
        return blocked ? 'max_positions' : undefined;
      },
    };
    const blend = new BlendedStrategy('blend', ['ES'], [{ alpha: new ScriptedAlpha('a', '1d', [1, 1, 1, 0]), weight: 1 }], { size: 1 });
    const result = runBacktest({ series: [bars('ES', DAY, OPENS, CLOSES)], strategies: [blend], startingCash: 100_000, contracts: { ES }, gate });
    // Bar 0: entry blocked. Bar 1: retried and accepted, filled at bar 2's open; bar 3: exit (not an entry).
    expect(reviews).toEqual([
      [T0, true, 'blocked'],
      [T0 + DAY, true, 'ok'],
      [T0 + 3 * DAY, false, 'ok'],
    ]);
    expect(result.rejected.map((r) => [r.order.quantity, r.reason])).toEqual([[1, 'max_positions']]);
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice])).toEqual([[101.5, 102]]);
    expect(blend.orderStatistics()).toEqual({ targetChanges: 2, orders: 3, entries: 1, blockedEntries: 1, replaced: 0 });
    expect(blend.diagnostics()).toEqual({ signals: 2, entries: 1, vetoed: 0, blocked: { gate: 1 } });
  });

  it('does not retry a blocked entry when a second event arrives at the same time', () => {
    const half = bars('ES', HALF_DAY, [100, 101, 102, 103], [101, 102, 103, 104]);
    const daily = bars('ES', DAY, [100, 102], [102, 104]);
    daily.ts.set([T0 + HALF_DAY, T0 + 3 * HALF_DAY]);
    const reviewTimes: number[] = [];
    const gate: OrderGate = {
      review(request, portfolio) {
        if (!request.isEntry) return undefined;
        reviewTimes.push(portfolio.ts);
        return reviewTimes.length === 1 ? 'daily_stop_loss' : undefined;
      },
    };
    // Only the daily alpha changes at T0 + 12h, after the 12h event at that time was blocked.
    const blend = new BlendedStrategy('blend', ['ES'], [
      { alpha: new ScriptedAlpha('fast', '12h', [0, 1, 1, 1]), weight: 1 },
      { alpha: new ScriptedAlpha('slow', '1d', [1, 1]), weight: 1 },
    ], { size: 1 });
    runBacktest({ series: [half, daily], strategies: [blend], startingCash: 100_000, contracts: { ES }, gate });
    // 12h event at T0 + 12h: target 1 → blocked; daily event at the same time: target 2, not retried.
    // Next event (T0 + 24h): retried and accepted.
    expect(reviewTimes).toEqual([T0 + HALF_DAY, T0 + 2 * HALF_DAY]);
  });

  it('replaces an unfilled order when a second event at the same time changes the target', () => {
    const half = bars('ES', HALF_DAY, [100, 101, 102, 103], [101, 102, 103, 104]);
    const daily = bars('ES', DAY, [100, 102], [102, 104]);
    daily.ts.set([T0 + HALF_DAY, T0 + 3 * HALF_DAY]);
    const blend = new BlendedStrategy('blend', ['ES'], [
      { alpha: new ScriptedAlpha('fast', '12h', [0, 1, 1, 1]), weight: 0.5 },
      { alpha: new ScriptedAlpha('slow', '1d', [1, 1]), weight: 0.5 },
    ], { size: 2 });
    const result = runBacktest({ series: [half, daily], strategies: [blend], startingCash: 100_000, contracts: { ES } });
    // At T0 + 12h the 12h event asks for 1 contract, then the daily event for 2: one fill of 2.
    expect(result.fills.map((f) => [f.side, f.quantity, f.price, f.tag])).toEqual([
      ['buy', 2, 102, 'entry'],
      ['sell', 2, 104, 'end_of_data'],
    ]);
    expect(result.unfilled.map((o) => [o.quantity, o.status])).toEqual([[1, 'cancelled']]);
    expect(blend.orderStatistics().replaced).toBe(1);
  });

  it('closes when a reversal is blocked, and opens the new side on a later bar', () => {
    const half = bars('ES', HALF_DAY, [100, 101, 102, 103], [101, 102, 103, 104]);
    const daily = bars('ES', DAY, [100, 102], [102, 104]);
    daily.ts.set([T0 + HALF_DAY, T0 + 3 * HALF_DAY]);
    let entries = 0;
    const gate: OrderGate = { review: (request) => (request.isEntry && ++entries === 2 ? 'daily_stop_loss' : undefined) };
    const blend = new BlendedStrategy('blend', ['ES'], [
      { alpha: new ScriptedAlpha('fast', '12h', [1, -1, -1, -1]), weight: 1 },
      { alpha: new ScriptedAlpha('slow', '1d', [0, 0]), weight: 1 },
    ]);
    const result = runBacktest({ series: [half, daily], strategies: [blend], startingCash: 100_000, contracts: { ES }, gate });
    // T0 + 12h: the reversal (sell 2) is blocked, a plain close is sent; the daily event at the same
    // time leaves it alone. T0 + 24h: flat, the short entry is sent again and filled at T0 + 36h.
    expect(result.rejected.map((r) => [r.order.side, r.order.quantity, r.order.tag])).toEqual([['sell', 2, 'reverse']]);
    expect(result.fills.map((f) => [f.side, f.quantity, f.price, f.tag, f.ts])).toEqual([
      ['buy', 1, 101, 'entry', T0 + HALF_DAY],
      ['sell', 1, 102, 'exit', T0 + 2 * HALF_DAY],
      ['sell', 1, 103, 'entry', T0 + 3 * HALF_DAY],
      ['buy', 1, 104, 'end_of_data', T0 + 3 * HALF_DAY],
    ]);
    expect(blend.orderStatistics()).toMatchObject({ replaced: 0, blockedEntries: 1, entries: 2 });
  });

  it('attributes paper PnL to each alpha from its contribution', () => {
    const blend = new BlendedStrategy('blend', ['ES'], [
      { alpha: new ScriptedAlpha('a', '1d', [0, 1, 1, 1, -1, -1, 0, 0]), weight: 0.5 },
      { alpha: new ScriptedAlpha('b', '1d', [0, 0, 1, 1, 1, -1, 0, 0]), weight: 0.5 },
    ], { size: 2 });
    runBacktest({ series: [bars('ES', DAY, OPENS, CLOSES)], strategies: [blend], startingCash: 100_000, contracts: { ES } });
    const attribution = blend.attribution();
    // Contribution = target (0.5 · 2); close moves 1, 2, -1, 2, -3, -1, -1; × 50 per point.
    // a: 0, 1·2, 1·(-1), 1·2, (-1)·(-3), (-1)·(-1), 0 → cumulative points 0, 0, 2, 1, 3, 6, 7, 7.
    // b: 0, 0, 1·(-1), 1·2, 1·(-3), (-1)·(-1), 0 → cumulative points 0, 0, 0, -1, 1, -2, -1, -1.
    expect(attribution.alphas).toEqual(['a', 'b']);
    expect(Array.from(attribution.ts)).toEqual(CLOSES.map((_, i) => T0 + i * DAY));
    expect(Array.from(attribution.pnl[0])).toEqual([0, 0, 2, 1, 3, 6, 7, 7].map((p) => p * 50));
    expect(Array.from(attribution.pnl[1])).toEqual([0, 0, 0, -1, 1, -2, -1, -1].map((p) => p * 50));
  });

  it('rejects out-of-range targets, foreign symbols and bad weights', () => {
    const run = (alpha: AlphaModel, weight = 1): void => {
      const blend = new BlendedStrategy('blend', ['ES'], [{ alpha, weight }]);
      runBacktest({ series: [bars('ES', DAY, OPENS, CLOSES)], strategies: [blend], startingCash: 100_000, contracts: { ES } });
    };
    expect(() => run(new ScriptedAlpha('big', '1d', [2]))).toThrow('alpha "big": target for ES must be in [-1, 1], was 2');
    expect(() => run(new ScriptedAlpha('unsure', '1d', [1], 1.5))).toThrow('confidence for ES must be in [0, 1], was 1.5');
    expect(() => run(new ScriptedAlpha('a', '1d', [1]), -1)).toThrow('weight of alpha "a" must be >= 0, was -1');
    expect(() => new BlendedStrategy('blend', ['NQ'], [{ alpha: new ScriptedAlpha('a', '1d', [1]), weight: 1 }])).toThrow(
      'alpha "a" trades ES, which is not among the strategy\'s symbols (NQ)',
    );
  });
});
