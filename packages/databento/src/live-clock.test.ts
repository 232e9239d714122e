import { afterEach, describe, expect, it, vi } from 'vitest';
import { WallClock } from './live-clock.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('WallClock', () => {
  it('a delay beyond 2^31 − 1 ms does not fire early (Node would fire it after 1 ms)', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new WallClock();
    let fired = 0;
    const year = 365 * 86_400_000;
    clock.setTimer(() => fired++, year);
    vi.advanceTimersByTime(2_147_483_647);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(year - 2_147_483_647 - 1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });

  it('short timers fire on time and can be cleared, long ones too', () => {
    vi.useFakeTimers({ now: 1_000 });
    const clock = new WallClock();
    const fired: string[] = [];
    clock.setTimer(() => fired.push('short'), 50);
    const long = clock.setTimer(() => fired.push('long'), 3_000_000_000);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(['short']);
    vi.advanceTimersByTime(2_147_483_647);
    clock.clearTimer(long);
    vi.advanceTimersByTime(3_000_000_000);
    expect(fired).toEqual(['short']);
  });
});
