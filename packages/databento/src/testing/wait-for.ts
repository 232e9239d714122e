/**
 * Polls `condition` until it holds, yielding to the event loop between checks (socket I/O runs),
 * and fails after `timeoutMs` of real time. Tests use it instead of fixed sleeps.
 */
export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
