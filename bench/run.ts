/**
 * `pnpm bench`: runs every benchmark in turn. Set BENCH_ONLY=backtest,indicators,... to pick some,
 * BENCH_DAYS to shrink the dataset.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches: [string, string][] = [
  ['backtest', 'packages/rooney/bench/backtest.ts'],
  ['data-load', 'packages/data/bench/load.ts'],
  ['consolidate', 'packages/data/bench/consolidate.ts'],
  ['synth', 'packages/data/bench/synth.ts'],
  ['catalog', 'packages/data/bench/catalog.ts'],
  ['indicators', 'packages/indicators/bench/indicators.ts'],
  ['forest', 'packages/ml/bench/forest.ts'],
  ['montecarlo', 'packages/portfolio/bench/montecarlo.ts'],
  ['performance', 'packages/portfolio/bench/performance.ts'],
  ['live', 'packages/live/bench/live-throughput.ts'],
  ['feed', 'packages/databento/bench/feed-checks.ts'],
  ['history', 'packages/live/bench/historical-warm-up.ts'],
];
const only = process.env.BENCH_ONLY?.split(',');
let failed = 0;
for (const [name, file] of benches) {
  if (only !== undefined && !only.includes(name)) continue;
  if (!existsSync(file)) continue;
  console.log(`\n=== ${name} (${file})`);
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
