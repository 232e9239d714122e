import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRooney } from './support/run-cli.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const NG = join(SHARED, 'datasets/real/quantiacs-futures-daily/F_NG.txt');
const YHOO = join(SHARED, 'datasets/backtrader/yhoo-1996-2014.txt');

describe('rooney data inspect states the Quantiacs price conversion', () => {
  it('says a Quantiacs file was divided by its big-point value into quote prices', async () => {
    const text = await runRooney(['data', 'inspect', NG]);
    expect(text).toContain('Quantiacs dollars per contract; divided by the big-point value 10,000 into quote prices');
    const report = JSON.parse(await runRooney(['data', 'inspect', NG, '--json'])) as { priceDivisor: number; last: string };
    expect(report.priceDivisor).toBe(10_000);
    // Independently: the file's last close in dollars, 26210, is 2.621 per MMBtu.
    const lastRow = readFileSync(NG, 'utf8').trim().split('\n').at(-1) as string;
    expect(Number(lastRow.split(',')[4]) / report.priceDivisor).toBeCloseTo(2.621, 9);
  });

  it('says nothing of the kind for an ordinary file', async () => {
    expect(await runRooney(['data', 'inspect', YHOO])).not.toContain('divided by');
    expect((JSON.parse(await runRooney(['data', 'inspect', YHOO, '--json'])) as { priceDivisor: number }).priceDivisor).toBe(1);
  });
});
