import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHash, expandEnvironment, loadConfigFile, validateConfig } from './load-config.ts';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rooney-config-')), name);
  writeFileSync(file, text);
  return file;
}

describe('config', () => {
  it('reads the seed-shaped example with defaults filled in', () => {
    const file = tempFile(
      'c.yml',
      `data: { files: { ES: data/es.csv }, timeframe: 1m, session_start: "23:00", timezone: UTC }
starting_cash: 250000
contracts:
  ES: { multiplier: 50, tick_size: 0.25, commission: 2.0 }
strategies:
  - name: ibs
    symbols: [ES, NQ]
    params: { timeframe: hour, entry_long_below: 0.2, exit_long_above: 0.8, max_bars_in_trade: 5, size: 1 }
`,
    );
    const config = loadConfigFile(file);
    expect(config.data.files).toEqual({ ES: 'data/es.csv' });
    expect(config.contracts.ES.multiplier).toBe(50);
    expect(config.strategies[0].symbols).toEqual(['ES', 'NQ']);
    expect(config.slippage_ticks).toBe(0);
  });

  it('names the key path of a bad value', () => {
    expect(() => validateConfig({ strategies: [{ name: 'ibs', symbols: [] }] }, 'x.yml')).toThrow(
      /x\.yml, field "strategies\[0\]\.symbols": strategies\[0\]\.symbols: /,
    );
    expect(() => validateConfig({ starting_cash: -1 })).toThrow(/starting_cash/);
    expect(() => validateConfig({ contracts: { ES: { multiplier: 50, tik_size: 1 } } })).toThrow(
      /contracts\.ES: unknown key\(s\) tik_size/,
    );
  });

  it('expands environment variables and fails clearly on a missing one', () => {
    expect(expandEnvironment({ a: ['${HOME_X}/data'] }, { HOME_X: '/h' })).toEqual({ a: ['/h/data'] });
    expect(expandEnvironment('${NOPE:-fallback}', {})).toBe('fallback');
    expect(() => expandEnvironment({ data: { files: { ES: '${MISSING}' } } }, {})).toThrow(
      'data.files.ES: environment variable MISSING is not set',
    );
  });

  it('reports YAML syntax errors with the line', () => {
    const file = tempFile('bad.yml', 'strategies:\n  - name: ibs\n   symbols: [ES\n');
    expect(() => loadConfigFile(file)).toThrow(/bad\.yml, line \d+: invalid YAML/);
  });

  it('hashes configs independently of key order', () => {
    expect(configHash({ a: 1, b: { c: 2, d: 3 } })).toBe(configHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
  });
});
