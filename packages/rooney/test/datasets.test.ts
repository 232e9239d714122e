import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYNTHETIC_CALIBRATION, SYNTHETIC_CORRELATION } from '@rooney/data';
import { describe, expect, it } from 'vitest';
import { calibrationJson } from './support/calibration-json.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the top-level datasets/ folder', () => {
  it('holds only small committed files: none over 1 MB, 5 MB in all', () => {
    const tracked = execFileSync('git', ['ls-files', '-z', '--', 'datasets'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(tracked).toContain('datasets/README.md');
    expect(tracked).toContain('datasets/calibration/synthetic-calibration.json');
    const sizes = tracked.map((file) => ({ file, bytes: statSync(join(ROOT, file)).size }));
    expect(sizes.filter((s) => s.bytes > 1_000_000)).toEqual([]);
    expect(sizes.reduce((sum, s) => sum + s.bytes, 0)).toBeLessThan(5_000_000);
  }, 30_000);

  it('keeps the calibration file equal to the generator\'s calibration (regenerate with scripts/export-calibration.ts)', () => {
    const committed = readFileSync(join(ROOT, 'datasets/calibration/synthetic-calibration.json'), 'utf8');
    expect(committed).toBe(calibrationJson());
    // Read back independently: every instrument and the correlation matrix, number for number.
    const parsed = JSON.parse(committed) as { instruments: { symbol: string; dailyVolatility: number; tailDegrees: number }[]; correlation: { symbols: string[]; matrix: number[][] } };
    expect(parsed.instruments.map((i) => i.symbol)).toEqual(Object.keys(SYNTHETIC_CALIBRATION));
    for (const instrument of parsed.instruments) {
      expect(instrument.dailyVolatility).toBe(SYNTHETIC_CALIBRATION[instrument.symbol].dailyVolatility);
      expect(instrument.tailDegrees).toBe(SYNTHETIC_CALIBRATION[instrument.symbol].tailDegrees);
    }
    expect(parsed.correlation.matrix).toEqual(SYNTHETIC_CORRELATION.map((row) => [...row]));
    // A correlation matrix: symmetric with a unit diagonal.
    parsed.correlation.matrix.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((value, j) => expect(value).toBe(parsed.correlation.matrix[j][i]));
    });
  });

  it('ignores the folders real data is fetched into', () => {
    const ignored = (path: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: ROOT });
        return true;
      } catch {
        return false;
      }
    };
    for (const path of ['datasets/builtin/ES.arrow', 'datasets/local/ES.csv', 'datasets/databento/ES.dbn.zst', 'datasets/real/F_ES.txt']) expect(ignored(path)).toBe(true);
    expect(ignored('datasets/calibration/synthetic-calibration.json')).toBe(false);
  }, 30_000);
});
