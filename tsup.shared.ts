import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Options } from 'tsup';

/**
 * The build of a published package (run from the package's directory by `pnpm build`):
 * `src/index.ts` as an ES module (`dist/index.js`) and as CommonJS (`dist/index.cjs`, so that
 * `require()`, Jest and tslab's CommonJS cells load it on every Node 20), with declarations for
 * each (`index.d.ts`, `index.d.cts`) and source maps. `import.meta.url` is shimmed in the CommonJS
 * build (the worker pools locate their modules with it).
 */
export function packageBuild(options: Options = {}): Options {
  return {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    shims: true,
    clean: false,
    ...options,
  };
}

/**
 * Empties `dist/` once, before the builds of a config start. (tsup's own `clean` runs per build,
 * so with two builds writing into `dist/` one could delete the other's files.)
 */
export function cleanDist(): void {
  rmSync(resolve('dist'), { recursive: true, force: true });
}
