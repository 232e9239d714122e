import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONTRACTS } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { QUANTIACS_CONTRACTS, fileStem, quantiacsContractOf, symbolFromPath } from './file-symbol.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));

describe('symbolFromPath', () => {
  it('maps the Quantiacs file codes to CME roots', () => {
    const expected: Record<string, string> = {
      F_ES: 'ES', F_NQ: 'NQ', F_RU: 'RTY', F_YM: 'YM', F_CL: 'CL', F_NG: 'NG', F_GC: 'GC', F_SI: 'SI', F_HG: 'HG',
      F_AD: '6A', F_BP: '6B', F_CD: '6C', F_EC: '6E', F_JY: '6J', F_MP: '6M', F_ND: '6N', F_SF: '6S', F_US: 'ZB', F_TY: 'ZN',
    };
    const files = readdirSync(`${SHARED}datasets/real/quantiacs-futures-daily`).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(19);
    for (const file of files) expect(symbolFromPath(`/data/${file}`), file).toBe(expected[fileStem(file)]);
  });

  it('uses the big-point values of core contracts, except the old TF Russell contract (100)', () => {
    for (const contract of Object.values(QUANTIACS_CONTRACTS)) {
      const expected = contract.symbol === 'RTY' ? 100 : DEFAULT_CONTRACTS[contract.symbol].multiplier;
      expect(contract.bigPointValue, contract.symbol).toBe(expected);
    }
    expect(quantiacsContractOf('x/F_RU.txt')).toEqual({ symbol: 'RTY', bigPointValue: 100 });
    expect(quantiacsContractOf('x/F_XX.txt')).toBeUndefined();
    expect(quantiacsContractOf('x/ES.csv')).toBeUndefined();
  });

  it('takes the stem up to the first separator for other names', () => {
    expect(symbolFromPath('/a/ES.csv')).toBe('ES');
    expect(symbolFromPath('ES_5min.csv')).toBe('ES');
    expect(symbolFromPath('6EH4.XCME_1min_bars_20240101_20240131.csv.gz')).toBe('6EH4');
    expect(symbolFromPath('nvda-1999-2014.txt')).toBe('NVDA');
    expect(symbolFromPath('spy.arrow')).toBe('SPY');
    expect(symbolFromPath('futures.dbn.zst')).toBe('FUTURES');
    expect(symbolFromPath('2006-day-001.txt')).toBe('2006-DAY-001');
  });
});
