import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExample } from '../../../examples/custom-strategy.ts';
import { loadConfigFile } from '../src/config/load-config.ts';
import { validateStrategyParams } from '../src/backtest/run-backtest-job.ts';
import { loadLiveConfigFile } from '../src/commands/live.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

describe('examples', () => {
  it('the custom-strategy example runs, trades and is deterministic', () => {
    const first = runExample();
    expect(first).toMatch(/EMA crossover on ES, GC — synthetic/);
    expect(Number(/trades (\d+)/.exec(first)?.[1])).toBeGreaterThan(10);
    expect(runExample()).toBe(first);
  });

  it.each(readdirSync(EXAMPLES).filter((name) => name.endsWith('.yml')))('config %s is valid', (name) => {
    const file = join(EXAMPLES, name);
    const text = readFileSync(file, 'utf8');
    if (/^live:/m.test(text)) {
      // A live config is the backtest config plus a `live:` section, read by the live command.
      const { config, live } = loadLiveConfigFile(file);
      expect(Object.keys(live.symbols).length).toBeGreaterThan(0);
      expect(() => validateStrategyParams(config)).not.toThrow();
      return;
    }
    const config = loadConfigFile(file);
    expect(() => validateStrategyParams(config)).not.toThrow();
  });
});
