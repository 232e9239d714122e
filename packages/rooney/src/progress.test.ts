import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressReporter } from './progress.ts';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY, text: '', write(chunk: string) {
    stream.text += chunk;
    return true;
  } };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('progressReporter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays silent for the first second, then draws a bar on a TTY', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const stream = fakeStream(true);
    const progress = progressReporter('backtest', stream);
    progress.update(0.2);
    expect(stream.text).toBe('');
    vi.setSystemTime(1500);
    progress.update(0.5);
    expect(stream.text).toContain('backtest [###############...............]  50%');
    progress.done();
    expect(stream.text.endsWith('\n')).toBe(true);
  });

  it('never writes when stderr is not a terminal', () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const stream = fakeStream(false);
    const progress = progressReporter('backtest', stream);
    vi.setSystemTime(5000);
    progress.update(0.9);
    progress.done();
    expect(stream.text).toBe('');
  });
});
