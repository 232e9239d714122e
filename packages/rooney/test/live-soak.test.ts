/**
 * Soak (issue 8): three days of minute bars of ES and NQ published at compressed time to the real
 * `rooney live` process, with a disconnect every few minutes of bar time (between two symbols'
 * bars of one minute, or before a minute) and two `kill -9` crashes (each followed by a restart
 * from the trade store). The trades the live journal booked must equal `rooney backtest` on the
 * same bars, trade for trade (entry and exit time and price), and nothing may have reached the
 * broker twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { TradeStore, WallClock } from '@rooney/live';
import type { PacedFault, PacedInstrument } from '@rooney/live';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveRig, REPO } from './support/live-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-live-soak-'));
afterAll(() => {
  if (process.env.KEEP_FAULT_LOGS === undefined) rmSync(dir, { recursive: true, force: true });
});

const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2030-03-04', days: 3, seed: 23 });
const ES = data.get('ES') as BarSeries;
const NQ = data.get('NQ') as BarSeries;
const INSTRUMENTS: PacedInstrument[] = [
  { instrumentId: 6001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM0', series: ES },
  { instrumentId: 6002, subscribedSymbol: 'NQ.c.0', rawSymbol: 'NQM0', series: NQ },
];
const STRATEGIES = [
  'strategies:',
  '  - name: ibs',
  '    symbols: [ES, NQ]',
  '    params: { timeframe: hour, allow_short: true, max_bars_in_trade: 3 }',
  '  - name: fast',
  '    type: ibs',
  '    symbols: [ES, NQ]',
  '    params: { timeframe: minute, entry_long_below: 0.15, exit_long_above: 0.7, allow_short: true, entry_short_above: 0.85, exit_short_below: 0.3, max_bars_in_trade: 6 }',
];

/** A disconnect every 4 to 20 minutes of bar time, of either kind. */
function disconnects(): PacedFault[] {
  const rng = new Rng(7);
  const faults: PacedFault[] = [];
  for (let i = 10 + rng.int(10); i < ES.length - 5; i += 4 + rng.int(17)) {
    faults.push(rng.next() < 0.5 ? { kind: 'disconnect_between_symbols', closeTs: ES.ts[i] } : { kind: 'disconnect_before', closeTs: ES.ts[i] });
  }
  return faults;
}

interface TradeRow {
  readonly strategy: string;
  readonly symbol: string;
  readonly direction: string;
  readonly entry: string;
  readonly exit: string;
}

function key(t: TradeRow): string {
  return `${t.strategy} ${t.symbol} ${t.direction} ${t.entry} -> ${t.exit}`;
}

/** `rooney backtest` on the same bars (CSV files) and strategies; its trades that closed before the data ended. */
function backtestTrades(): TradeRow[] {
  const csv = (series: BarSeries): string => ['ts,open,high,low,close,volume', ...series.toBars().map((b) => `${new Date(b.ts).toISOString()},${b.open},${b.high},${b.low},${b.close},${b.volume}`)].join('\n');
  writeFileSync(join(dir, 'es.csv'), csv(ES));
  writeFileSync(join(dir, 'nq.csv'), csv(NQ));
  writeFileSync(join(dir, 'backtest.yml'), ['starting_cash: 100000', 'portfolio: { max_positions: 2, daily_stop: 1000000 }', ...STRATEGIES].join('\n'));
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'packages/rooney/src/bin.ts', 'backtest', '--config', join(dir, 'backtest.yml'), '--data', `ES=${join(dir, 'es.csv')}`, '--data', `NQ=${join(dir, 'nq.csv')}`, '--out', join(dir, 'bt')],
    { cwd: REPO, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  const [header, ...lines] = readFileSync(join(dir, 'bt', 'trades.csv'), 'utf8').trim().split('\n');
  const columns = header.split(',');
  const at = (name: string): number => columns.indexOf(name);
  const last = Math.max(ES.ts[ES.length - 1], NQ.ts[NQ.length - 1]);
  return lines
    .map((line) => line.split(','))
    .map((cells) => ({
      strategy: cells[at('strategy')],
      symbol: cells[at('symbol')],
      direction: cells[at('direction')],
      entry: `${new Date(cells[at('entry_time')]).toISOString()} @${Number(cells[at('entry_price')])}`,
      exit: `${new Date(cells[at('exit_time')]).toISOString()} @${Number(cells[at('exit_price')])}`,
      exitTs: Date.parse(cells[at('exit_time')]),
    }))
    .filter((t) => t.exitTs < last)
    .map(({ exitTs: _exitTs, ...t }) => t);
}

describe('soak: three days at compressed time, a disconnect every few minutes, two crashes', () => {
  it('the live journal booked exactly the backtest\'s trades, and the broker got nothing twice', async () => {
    const rig = new LiveRig({ dir: join(dir, 'live'), instruments: INSTRUMENTS, faults: disconnects(), strategyYaml: STRATEGIES, liveYaml: ['reconnect_delay_ms: 20'] });
    try {
      await rig.start(12);
      // Two crashes at different steps of the order path, each followed by a restart.
      const first = await rig.run('store.commit@40');
      expect(first.signal).toBe('SIGKILL');
      const second = await rig.run('store.fill@60');
      expect(second.signal).toBe('SIGKILL');
      const last = await rig.finish(300_000, rig.run());
      expect(last.exit, rig.runs.at(-1)?.stderr.slice(-800)).toBe(0);
      for (const [k, run] of rig.runs.entries()) writeFileSync(join(rig.dir, `run-${k}.log`), `${run.stdout}\n--- stderr\n${run.stderr}`);
      const disconnectsSeen = rig.runs.reduce((n, run) => n + (run.stdout.match(/"event":"databento_disconnected"/g) ?? []).length, 0);
      expect(disconnectsSeen).toBeGreaterThan(100);
      expect(rig.beat()?.alerts).toEqual([]);

      const store = new TradeStore(join(rig.dir, 'live.sqlite'), { clock: new WallClock() });
      const lastTs = Math.max(ES.ts[ES.length - 1], NQ.ts[NQ.length - 1]);
      // The backtest closes what is open at the end of the data; compare the trades that closed before it.
      const live = store.tradesDetailed('live').filter((t) => t.exitTs < lastTs).map((t) => ({
        strategy: t.strategy,
        symbol: t.symbol,
        direction: t.direction,
        entry: `${new Date(t.entryTs).toISOString()} @${t.entryPrice}`,
        exit: `${new Date(t.exitTs).toISOString()} @${t.exitPrice}`,
      }));
      store.close();
      const expected = backtestTrades();
      expect(expected.length).toBeGreaterThan(50);
      expect(new Set(expected.map((t) => t.strategy))).toEqual(new Set(['ibs', 'fast']));
      expect(live.map(key)).toEqual(expected.map(key));

      const sent = rig.broker.executed.filter((e) => e.action !== 'cancel').map((e) => `${e.strategy} ${e.barTime} ${e.ticker} ${e.action}`);
      expect(new Set(sent).size).toBe(sent.length);
    } finally {
      await rig.close();
    }
  }, 600_000);
});
