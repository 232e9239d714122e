import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (where `node --import tsx` finds tsx). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** tsx's loader by URL, so that the child may run in any working directory. */
export const TSX_LOADER = pathToFileURL(createRequire(`${REPO_ROOT}/package.json`).resolve('tsx')).href;

/** What a finished child `rooney` process left. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `rooney ...args` from the TypeScript sources in a child process (as `pnpm rooney` does),
 * with `env` added to this process's environment and `nodeArgs` before the script (e.g. `--import`
 * of a probe). Resolves when it exits; never rejects on a non-zero exit code.
 */
export function spawnRooney(
  args: readonly string[],
  options: { env?: Readonly<Record<string, string | undefined>>; cwd?: string; nodeArgs?: readonly string[] } = {},
): Promise<CliRun> {
  const script = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX_LOADER, ...(options.nodeArgs ?? []), script, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
