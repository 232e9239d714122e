/**
 * A progress bar on stderr for long runs: silent unless stderr is a TTY, and shown only once the
 * run has lasted a second. Reads the wall clock — allowed here, at the CLI edge, never in the engine.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): {
  update: (fraction: number) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let shown = false;
  return {
    update(fraction: number) {
      if (!shown && Date.now() - started < 1000) return;
      shown = true;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`);
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}
