import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '@rooney/databento';
import { GracefulShutdown } from './graceful-shutdown.ts';

function fakeProcess(): EventEmitter & { on: EventEmitter['on']; off: EventEmitter['off'] } {
  return new EventEmitter();
}

describe('GracefulShutdown', () => {
  it('SIGTERM runs the steps once, in order, then exits 0; the handlers are removed', async () => {
    const calls: string[] = [];
    const exits: number[] = [];
    const source = fakeProcess();
    let release: () => void = () => undefined;
    const shutdown = new GracefulShutdown({
      logger: new MemoryLogger(),
      exit: (code) => exits.push(code),
      steps: [
        { name: 'session', run: () => new Promise<void>((resolve) => { calls.push('session'); release = resolve; }) },
        { name: 'store', run: () => { calls.push('store'); } },
        { name: 'sockets', run: async () => { calls.push('sockets'); } },
      ],
    });
    shutdown.install(source);
    expect(source.listenerCount('SIGTERM')).toBe(1);
    source.emit('SIGTERM');
    expect(shutdown.stopping).toBe(true);
    expect(calls).toEqual(['session']);
    release();
    await shutdown.run('again');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['session', 'store', 'sockets']);
    expect(exits).toEqual([0]);
    expect(source.listenerCount('SIGTERM')).toBe(0);
    expect(source.listenerCount('SIGINT')).toBe(0);
  });

  it('a failing step is logged, the next steps still run, exit code 1', async () => {
    const calls: string[] = [];
    const logger = new MemoryLogger();
    const shutdown = new GracefulShutdown({
      logger,
      exit: () => undefined,
      steps: [
        { name: 'a', run: () => { throw new Error('disk full'); } },
        { name: 'b', run: () => { calls.push('b'); } },
      ],
    });
    expect(await shutdown.run('test')).toBe(1);
    expect(calls).toEqual(['b']);
    expect(logger.events('live_shutdown_step_failed')[0].fields).toMatchObject({ step: 'a' });
  });

  it('a second SIGINT while stopping exits at once with 130; a hung step hits the timeout', async () => {
    const exits: number[] = [];
    const source = fakeProcess();
    const timers: (() => void)[] = [];
    const shutdown = new GracefulShutdown({
      logger: new MemoryLogger(),
      exit: (code) => exits.push(code),
      steps: [{ name: 'hangs', run: () => new Promise<void>(() => undefined) }],
      setTimer: (callback) => timers.push(callback),
    });
    shutdown.install(source);
    source.emit('SIGINT');
    source.emit('SIGINT');
    expect(exits).toEqual([130]);
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(exits).toEqual([130, 1]);
  });
});
