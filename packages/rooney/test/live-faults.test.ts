/**
 * Fault injection on the real `rooney live` process (issue 8): a loopback Databento gateway
 * publishing minute bars at a compressed pace, a TradersPost receiver in front of a broker that
 * executes what it receives, and the CLI in a child process. Each scenario injects one kind of
 * fault — `kill -9` at a step of the order path then a restart, a receiver that executes an order
 * and then answers 500 / hangs / resets, disconnects between two symbols' bars of one minute and
 * across an hour end, malformed records and absurd prices — and compares what the broker executed
 * with a run without faults: equal, or (an unknown outcome) nothing doubled and an alert raised.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOUR_MS, MINUTE_MS } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import type { FakeBroker, FakeWebhookReply, FakeWebhookRequest, PacedFault, PacedInstrument } from '@rooney/live';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRig, firstMinutes } from './support/live-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-live-faults-'));
afterAll(() => {
  if (process.env.KEEP_FAULT_LOGS === undefined) rmSync(dir, { recursive: true, force: true });
});

// Bars in the future (2030): the session trades every bar it gets, whatever the wall clock says.
const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2030-03-04', days: 1, seed: 17 });
const MINUTES = 200;
const ES = firstMinutes(data.get('ES') as BarSeries, MINUTES);
const NQ = firstMinutes(data.get('NQ') as BarSeries, MINUTES);
const INSTRUMENTS: PacedInstrument[] = [
  { instrumentId: 5001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM0', series: ES },
  { instrumentId: 5002, subscribedSymbol: 'NQ.c.0', rawSymbol: 'NQM0', series: NQ },
];
const STRATEGY = [
  'strategies:',
  '  - name: ibs',
  '    symbols: [ES, NQ]',
  '    params: { timeframe: minute, entry_long_below: 0.25, exit_long_above: 0.75, allow_short: true, entry_short_above: 0.75, exit_short_below: 0.25, max_bars_in_trade: 4 }',
];
const MINUTE_REAL_MS = 25;
const TIMEOUT = 240_000;

/** What reached the broker, in order; a repeated `cancel` of one order is idempotent and kept once. */
function executed(broker: FakeBroker): string[] {
  broker.settle();
  // Keyed by the signal's bar time, not the order id: a reconciliation books a correcting order, which takes an id.
  return broker.executed.map((e) => `${e.barTime} ${e.action} ${e.ticker} ${e.quantity} -> ${e.positionAfter}`);
}

function isSubsequence(items: readonly string[], of: readonly string[]): boolean {
  let k = 0;
  for (const item of of) if (k < items.length && items[k] === item) k++;
  return k === items.length;
}

/** A receiver hook that counts entry signals and asks `onEntry` what to answer to each. */
function entryCounter(onEntry: (n: number, rig: LiveRig) => FakeWebhookReply | undefined) {
  let entries = 0;
  return (request: FakeWebhookRequest, _index: number, rig: LiveRig): FakeWebhookReply | undefined => {
    const action = request.body?.action;
    if (action !== 'buy' && action !== 'sell') return undefined;
    return onEntry(++entries, rig);
  };
}

interface Scenario {
  readonly name: string;
  readonly failpoints?: string;
  readonly faults?: readonly PacedFault[];
  /** The receiver's answer to the n-th entry signal (`buy`/`sell`, 1-based), after the broker executed it. */
  readonly onEntry?: (n: number, rig: LiveRig) => FakeWebhookReply | undefined;
  /**
   * `always`: the fault leaves an entry whose outcome is unknown (sent, no clear answer): an alert,
   * nothing doubled. `maybe`: it does when the fault hits an entry, not when it hits an exit (re-sent).
   */
  readonly unknown?: 'always' | 'maybe';
  /** The first process is expected to die (a failpoint or the receiver kills it). */
  readonly dies: boolean;
}

async function runScenario(
  scenario: Scenario,
): Promise<{ executed: string[]; rig: LiveRig; alerts: { kind: string }[]; brokerPositions: Record<string, number>; sessionPositions: Record<string, number> }> {
  const rig = new LiveRig({
    dir: join(dir, scenario.name.replace(/[^a-z0-9]+/gi, '-')),
    instruments: INSTRUMENTS,
    ...(scenario.faults !== undefined ? { faults: scenario.faults } : {}),
    ...(scenario.onEntry !== undefined ? { reply: entryCounter(scenario.onEntry) } : {}),
    strategyYaml: STRATEGY,
  });
  try {
    await rig.start(MINUTE_REAL_MS);
    let exited = rig.run(scenario.failpoints ?? '');
    if (scenario.dies) {
      const first = await Promise.race([exited, rig.feed.done.then(() => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000)))]);
      expect(first?.signal, `${scenario.name}: the first process was killed (stderr: ${rig.output.stderr.slice(-500)})`).toBe('SIGKILL');
      exited = rig.run();
    }
    const last = await rig.finish(TIMEOUT - 30_000, exited);
    const alerts = (rig.beat()?.alerts ?? []) as { kind: string }[];
    // Keep the processes' logs for a failing scenario.
    for (const [k, run] of rig.runs.entries()) writeFileSync(join(rig.dir, `run-${k}.log`), `${run.stdout}\n--- stderr\n${run.stderr}`);
    expect(last.exit, `${scenario.name}: the last process stops cleanly (stderr: ${rig.runs.at(-1)?.stderr.slice(-800)})`).toBe(0);
    const session: Record<string, number> = {};
    for (const p of (rig.beat()?.positions ?? []) as { symbol: string; quantity: number }[]) {
      const ticker = INSTRUMENTS.find((i) => i.series.symbol === p.symbol)?.rawSymbol ?? p.symbol;
      session[ticker] = (session[ticker] ?? 0) + p.quantity;
    }
    const sessionPositions = Object.fromEntries(Object.entries(session).filter(([, q]) => q !== 0).sort(([a], [b]) => a.localeCompare(b)));
    return { executed: executed(rig.broker), rig, alerts, brokerPositions: rig.broker.allPositions(), sessionPositions };
  } finally {
    await rig.close();
  }
}

const SCENARIOS: Scenario[] = [
  { name: 'kill -9 after a signal was journalled, before its step committed', failpoints: 'store.order@3', dies: true },
  { name: 'kill -9 after a step committed, before its signals were sent', failpoints: 'store.commit@3', dies: true },
  { name: 'kill -9 after an attempt was journalled, before the request left', failpoints: 'store.attempt_start@5', dies: true, unknown: 'maybe' },
  {
    name: 'kill -9 after an entry webhook was sent, before its answer (the receiver got it)',
    onEntry: (n, rig) => {
      if (n === 3) rig.kill();
      return undefined;
    },
    dies: true,
    unknown: 'always',
  },
  { name: 'kill -9 after the answer was journalled', failpoints: 'store.attempt_end@4', dies: true },
  { name: 'kill -9 after a fill was written, before its step committed', failpoints: 'store.fill@3', dies: true },
  { name: 'receiver executes an entry then answers 500', onEntry: (n) => (n === 2 ? { status: 500, body: 'oops' } : undefined), dies: false, unknown: 'always' },
  { name: 'receiver executes an entry then hangs', onEntry: (n) => (n === 3 ? { fault: 'hang' } : undefined), dies: false, unknown: 'always' },
  { name: 'receiver executes an entry then resets the connection', onEntry: (n) => (n === 4 ? { fault: 'reset' } : undefined), dies: false, unknown: 'always' },
  {
    name: 'disconnects between two symbols of one minute and across an hour end',
    faults: [
      { kind: 'disconnect_between_symbols', closeTs: ES.ts[30] },
      { kind: 'disconnect_before', closeTs: Math.ceil(ES.ts[60] / HOUR_MS) * HOUR_MS },
      { kind: 'disconnect_between_symbols', closeTs: ES.ts[150] },
    ],
    dies: false,
  },
  {
    name: 'malformed records and absurd prices',
    faults: [
      { kind: 'bad_length', closeTs: ES.ts[40], instrumentId: 5001 },
      { kind: 'absurd_price', closeTs: NQ.ts[90], instrumentId: 5002, factor: 1000 },
      { kind: 'absurd_price', closeTs: ES.ts[120], instrumentId: 5001, factor: 1e6 },
    ],
    dies: false,
  },
];

describe('rooney live under faults (child processes, loopback gateway and receiver)', () => {
  let reference: string[] = [];

  beforeAll(async () => {
    const run = await runScenario({ name: 'no faults', dies: false });
    reference = run.executed;
    expect(run.alerts).toEqual([]);
  }, TIMEOUT);

  it('the run without faults trades: entries and exits on both symbols', () => {
    expect(reference.length).toBeGreaterThan(20);
    expect(reference.some((e) => e.includes(' ESM0 '))).toBe(true);
    expect(reference.some((e) => e.includes(' NQM0 '))).toBe(true);
    expect(reference.some((e) => e.includes(' exit '))).toBe(true);
  });

  describe.concurrent.each(SCENARIOS)('$name', (scenario) => {
    it('the broker executed the fault-free orders (or, for an unknown outcome, nothing twice and an alert)', async () => {
      const run = await runScenario(scenario);
      const ids = run.rig.broker.executed.filter((e) => e.action !== 'cancel').map((e) => `${e.barTime} ${e.ticker} ${e.action}`);
      expect(new Set(ids).size, 'no order executed twice').toBe(ids.length);
      if (scenario.unknown === 'always') expect(run.alerts.map((a) => a.kind)).toContain('unknown_outcome');
      // An unknown entry the broker never got is settled by evidence: its exit is refused for lack of a position.
      const resolved = run.rig.runs.some((r) => r.stdout.includes('"event":"live_unknown_resolved"'));
      if (resolved && run.alerts.length === 0) {
        // The entry never reached the broker; its exit was refused for lack of a position, which
        // settled it: the strategy went flat and may enter again later. The broker and the session
        // agree on the position, and the runs are in step again by the end.
        expect(run.brokerPositions).toEqual(run.sessionPositions);
        expect(run.executed.slice(-6)).toEqual(reference.slice(-6));
      } else if (scenario.unknown !== undefined && run.alerts.length > 0) {
        // Nothing doubled, nothing invented: what the broker got is the fault-free sequence, minus at
        // most the entry whose request may not have left (and the exit that then found no position).
        expect(run.alerts.every((a) => a.kind === 'unknown_outcome')).toBe(true);
        expect(isSubsequence(run.executed, reference)).toBe(true);
        expect(reference.length - run.executed.length).toBeLessThanOrEqual(2);
      } else {
        expect(run.executed).toEqual(reference);
        expect(run.alerts).toEqual([]);
      }
    }, TIMEOUT);
  });
});

void MINUTE_MS;
