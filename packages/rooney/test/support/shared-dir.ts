import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's shared data folder (`shared/` with `datasets/` and `specs/`): `../shared` of the
 * repository root, looked up through the parent folders so tests also run from a git worktree
 * nested deeper than the main checkout.
 */
export function sharedDir(): string {
  let dir = fileURLToPath(new URL('../../../../', import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared');
    if (existsSync(join(candidate, 'datasets'))) return `${candidate}/`;
    const parent = dirname(dir);
    if (parent === dir) return fileURLToPath(new URL('../../../../../shared/', import.meta.url));
    dir = parent;
  }
}
