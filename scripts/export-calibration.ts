/**
 * Writes the built-in synthetic dataset's calibration (`SYNTHETIC_CALIBRATION`,
 * `SYNTHETIC_CORRELATION` of `@rooney/data`) as plain JSON to
 * `datasets/calibration/synthetic-calibration.json`, for readers outside TypeScript (Python,
 * spreadsheets). A test checks that the committed file equals this output.
 *
 *   node --conditions=source --import tsx scripts/export-calibration.ts [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calibrationJson } from '../packages/rooney/test/support/calibration-json.ts';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : fileURLToPath(new URL('../datasets/calibration/synthetic-calibration.json', import.meta.url));
writeFileSync(out, calibrationJson());
process.stdout.write(`wrote ${out}\n`);
