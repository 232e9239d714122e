import { defineConfig } from 'tsup';
import { cleanDist, packageBuild } from '../../tsup.shared.ts';

cleanDist();
export default defineConfig([
  // The library (`import`/`require('rooney')`): ES module and CommonJS, with declarations.
  packageBuild(),
  // The CLI and the sweep's worker thread: ES modules only (the CLI uses top-level await).
  packageBuild({ entry: { bin: 'src/bin.ts', 'sweep-worker': 'src/sweep/sweep-worker.ts' }, format: ['esm'], dts: false }),
]);
