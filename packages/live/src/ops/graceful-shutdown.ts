import type { Logger } from '@rooney/databento';

/** One thing to stop, in order. */
export interface ShutdownStep {
  readonly name: string;
  run(): Promise<void> | void;
}

/** The part of `process` the shutdown handler needs (injectable for tests). */
export interface SignalSource {
  on(signal: NodeJS.Signals, handler: () => void): unknown;
  off(signal: NodeJS.Signals, handler: () => void): unknown;
}

/**
 * Graceful shutdown on SIGINT/SIGTERM: runs the steps once, in order (for a live run: stop
 * accepting signals and wait for the ones in flight, write the last heartbeat and close the store,
 * close the sockets), each step's failure logged without skipping the next, then calls
 * `exit(0)` (or `exit(1)` when a step failed). A second signal while stopping exits at once with
 * 130; steps still running after `timeoutMs` are abandoned with `exit(1)`.
 */
export class GracefulShutdown {
  private readonly steps: readonly ShutdownStep[];
  private readonly logger: Logger;
  private readonly exit: (code: number) => void;
  private readonly timeoutMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private running: Promise<number> | undefined;
  private source: SignalSource | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor(options: {
    readonly steps: readonly ShutdownStep[];
    readonly logger: Logger;
    readonly exit: (code: number) => void;
    readonly timeoutMs?: number;
    /** Timer for the timeout (default `setTimeout`, unref'd so it never keeps the process alive). */
    readonly setTimer?: (callback: () => void, ms: number) => unknown;
  }) {
    this.steps = options.steps;
    this.logger = options.logger;
    this.exit = options.exit;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms).unref());
  }

  /** Handles these signals from `source` (normally `process`). */
  install(source: SignalSource, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): void {
    this.source = source;
    for (const signal of signals) {
      const handler = (): void => this.onSignal(signal);
      this.handlers.set(signal, handler);
      source.on(signal, handler);
    }
  }

  uninstall(): void {
    for (const [signal, handler] of this.handlers) this.source?.off(signal, handler);
    this.handlers.clear();
  }

  /** Whether shutdown has begun. */
  get stopping(): boolean {
    return this.running !== undefined;
  }

  /** Runs the steps (once; later calls return the same promise) and resolves with the exit code. */
  run(reason: string): Promise<number> {
    if (this.running === undefined) this.running = this.runSteps(reason);
    return this.running;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.running !== undefined) {
      this.logger.log('warn', 'live_shutdown_forced', { signal });
      this.exit(130);
      return;
    }
    void this.run(signal).then((code) => this.exit(code));
  }

  private async runSteps(reason: string): Promise<number> {
    this.logger.log('info', 'live_shutdown', { reason });
    let done = false;
    this.setTimer(() => {
      if (done) return;
      this.logger.log('error', 'live_shutdown_timeout', { timeoutMs: this.timeoutMs });
      this.exit(1);
    }, this.timeoutMs);
    let code = 0;
    for (const step of this.steps) {
      try {
        await step.run();
        this.logger.log('info', 'live_shutdown_step', { step: step.name });
      } catch (error) {
        code = 1;
        this.logger.log('error', 'live_shutdown_step_failed', { step: step.name, error: error as Error });
      }
    }
    done = true;
    this.uninstall();
    this.logger.log('info', 'live_shutdown_complete', { code });
    return code;
  }
}
