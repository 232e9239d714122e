import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order } from '@rooney/core';
import { FakeClock, TradeStore } from '@rooney/live';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveConfig } from './live.ts';
import { runLiveReconcile, runLiveStatus } from './live-ops.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-live-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new FakeClock(Date.UTC(2025, 0, 6, 15, 0));

function order(id: number, side: 'buy' | 'sell'): Order {
  return { id, symbol: 'ES', side, quantity: 1, type: 'market', submittedTs: Date.UTC(2025, 0, 6, 14, 0), strategy: 'ibs', status: 'pending', stopTriggered: false, filledQuantity: 0, fillPrice: Number.NaN, tag: 'entry' };
}

describe('rooney live reconcile', () => {
  it('lists unknown outcomes (exit code 2), records an answer (then 0), refuses answers that make no sense', () => {
    const configFile = join(dir, 'live.yml');
    const live = { store: 'store.sqlite' } as LiveConfig;
    const store = new TradeStore(join(dir, 'store.sqlite'), { clock });
    store.beginRun({ runId: 'r', startedTs: 1, dryRun: false });
    store.recordOrder(order(1, 'buy'), { id: 'r-1', body: { ticker: 'ESH5', action: 'buy', quantity: 1 } });
    store.recordAttemptStart(1, 'r-1', 1);
    store.recordSignalResult(1, 'r-1', { ok: false, outcome: 'unknown', status: 502, message: 'HTTP 502', attempts: 1 });
    store.recordOrder(order(2, 'sell'), { id: 'r-2', body: { ticker: 'ESH5', action: 'exit' } });
    store.recordSignalResult(2, 'r-2', { ok: true, outcome: 'acknowledged', status: 200, attempts: 1 });
    store.close();
    const lines: string[] = [];
    const io = { clock, writeText: (line: string) => lines.push(line) };
    expect(runLiveReconcile(configFile, live, {}, io)).toBe(2);
    expect(lines[0]).toMatch(/^order 1: ibs buy 1 ES \(ESH5\) sent 2025-01-06T14:00:00.000Z, outcome unknown/);
    expect(() => runLiveReconcile(configFile, live, { order: 1 }, io)).toThrow('--order needs exactly one of --filled and --not-filled');
    expect(() => runLiveReconcile(configFile, live, { order: 2, filled: true }, io)).toThrow('--order 2: its outcome is not unknown (signal acknowledged)');
    expect(() => runLiveReconcile(configFile, live, { order: 9, filled: true }, io)).toThrow('--order 9: no such order');
    lines.length = 0;
    expect(runLiveReconcile(configFile, live, { order: 1, notFilled: true, note: 'not at the broker' }, io)).toBe(0);
    expect(lines[0]).toBe('reconciled order 1 (ibs buy 1 ES) as not_filled');
    expect(lines).toContain('no order with an unknown outcome');
    expect(() => runLiveReconcile(configFile, live, { order: 1, filled: true }, io)).toThrow('already reconciled not_filled');
  });

  it('a missing store is a one-line error', () => {
    expect(() => runLiveReconcile(join(dir, 'x.yml'), { store: 'nope.sqlite' } as LiveConfig, {}, { clock, writeText: () => undefined })).toThrow(/no trade store at .*nope\.sqlite/);
  });
});

describe('rooney live status', () => {
  const file = join(dir, 'heartbeat.json');
  const io = (lines: string[]) => ({ clock, writeText: (line: string) => lines.push(line) });

  it('exit 0 for a fresh beat with nothing to act on; 2 when stale, when an alert is open or the data is stale; an error when missing', () => {
    const beat = { ts: clock.now() - 10_000, ok: true, stale: false, equity: 100_000, sessionPnl: 12.5, positions: [{ strategy: 'ibs', symbol: 'ES', quantity: 1 }], alerts: [] };
    writeFileSync(file, JSON.stringify(beat));
    const lines: string[] = [];
    expect(runLiveStatus(file, 60, io(lines))).toBe(0);
    expect(lines).toContain('positions: ibs/ES 1');
    expect(runLiveStatus(file, 5, io([]))).toBe(2);
    writeFileSync(file, JSON.stringify({ ...beat, ok: false, alerts: [{ kind: 'unknown_outcome', message: 'order 7 …' }] }));
    const alerted: string[] = [];
    expect(runLiveStatus(file, 60, io(alerted))).toBe(2);
    expect(alerted).toContain('ALERT unknown_outcome: order 7 …');
    writeFileSync(file, JSON.stringify({ ...beat, ok: false, stale: true }));
    expect(runLiveStatus(file, 60, io([]))).toBe(2);
    expect(() => runLiveStatus(join(dir, 'missing.json'), 60, io([]))).toThrow(/cannot read the heartbeat file: ENOENT/);
  });
});
