import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOUR_MS } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { LiveRig, firstMinutes } from './support/live-process.ts';
const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2030-03-04', days: 1, seed: 17 });
const ES = firstMinutes(data.get('ES') as BarSeries, 200);
const NQ = firstMinutes(data.get('NQ') as BarSeries, 200);
const kind = process.argv[2] ?? 'disc';
const faults = kind === 'disc' ? [{ kind: 'disconnect_between_symbols' as const, closeTs: ES.ts[30] }, { kind: 'disconnect_before' as const, closeTs: Math.ceil(ES.ts[60] / HOUR_MS) * HOUR_MS }, { kind: 'disconnect_between_symbols' as const, closeTs: ES.ts[150] }] : [{ kind: 'absurd_price' as const, closeTs: NQ.ts[90], instrumentId: 5002, factor: 1000 }];
const rig = new LiveRig({ dir: mkdtempSync(join(tmpdir(), 'dbg-')), instruments: [
  { instrumentId: 5001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM0', series: ES },
  { instrumentId: 5002, subscribedSymbol: 'NQ.c.0', rawSymbol: 'NQM0', series: NQ }], faults,
  strategyYaml: ['strategies:', '  - name: ibs', '    symbols: [ES, NQ]', '    params: { timeframe: minute, entry_long_below: 0.25, exit_long_above: 0.75, allow_short: true, entry_short_above: 0.75, exit_short_below: 0.25, max_bars_in_trade: 4 }'] });
await rig.start(25);
const exited = rig.run();
await rig.finish(120_000, exited);
const out = rig.runs.at(-1)!.stdout.split('\n').filter((l) => /late|databento_(disconnected|session_started|caught_up|quarantine|reconnecting)|live_feed|dropped|duplicate|gap|alert/.test(l));
console.log(out.slice(0, 40).join('\n'));
console.log('ES ts0', new Date(ES.ts[0]).toISOString(), 'NQ ts0', new Date(NQ.ts[0]).toISOString(), 'fault at', new Date(faults[0].closeTs).toISOString());
await rig.close();
