import { buildProgram } from '../../src/program.ts';

/**
 * Runs `rooney ...args` in-process and returns what it wrote to stdout (stderr is silenced with
 * `quiet`). Expected failures reject with the command's RooneyError.
 */
export async function runRooney(args: readonly string[], options: { quiet?: boolean } = {}): Promise<string> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  if (options.quiet === true) process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'rooney', ...args]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
  return out;
}
