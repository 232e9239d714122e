import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar } from '@rooney/core';
import type { BarSeries } from '@rooney/data';
import { FakeBroker, FakeDatabentoGateway, FakeTradersPostServer, PacedFeed } from '@rooney/live';
import type { FakeWebhookReply, FakeWebhookRequest, PacedFault, PacedInstrument } from '@rooney/live';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
export const KEY = 'db-FAKEKEY00000000000000000ABCDE';

/** One real `rooney live` deployment against loopback fakes: a paced gateway and a TradersPost receiver with a broker. */
export class LiveRig {
  readonly feed: PacedFeed;
  readonly gateway: FakeDatabentoGateway;
  readonly broker: FakeBroker;
  readonly receiver: FakeTradersPostServer;
  readonly dir: string;
  readonly config: string;
  readonly heartbeat: string;
  private webhookUrl = '';
  private port = 0;
  /** Every process run so far, with how it ended. */
  readonly runs: { readonly exit: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string; readonly stdout: string }[] = [];
  child: ChildProcess | undefined;
  private childOut = '';
  private childErr = '';

  constructor(options: {
    readonly dir: string;
    readonly instruments: readonly PacedInstrument[];
    readonly faults?: readonly PacedFault[];
    /** The receiver's answer to request `index` (after the broker executed it); undefined: TradersPost's normal answer. */
    readonly reply?: (request: FakeWebhookRequest, index: number, rig: LiveRig) => FakeWebhookReply | undefined;
    /** The strategies part of the config (YAML lines). */
    readonly strategyYaml: readonly string[];
    readonly liveYaml?: readonly string[];
  }) {
    this.dir = options.dir;
    mkdirSync(this.dir, { recursive: true });
    this.feed = new PacedFeed({ instruments: options.instruments, ...(options.faults !== undefined ? { faults: options.faults } : {}) });
    this.gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({ replay: (start) => this.feed.replay(start) }) });
    const bars = new Map<string, Bar[]>(options.instruments.map((i) => [i.rawSymbol, i.series.toBars()]));
    this.broker = new FakeBroker({ bars });
    const reply = options.reply;
    this.receiver = new FakeTradersPostServer({ broker: this.broker, ...(reply !== undefined ? { reply: (request, index) => reply(request, index, this) } : {}) });
    this.config = join(this.dir, 'live.yml');
    this.heartbeat = join(this.dir, 'heartbeat.json');
    this.strategyYaml = options.strategyYaml;
    this.liveYaml = options.liveYaml ?? [];
    this.instruments = options.instruments;
  }

  private readonly strategyYaml: readonly string[];
  private readonly liveYaml: readonly string[];
  private readonly instruments: readonly PacedInstrument[];

  async start(minuteMs: number): Promise<void> {
    this.port = await this.gateway.listen();
    this.webhookUrl = await this.receiver.listen();
    writeFileSync(
      this.config,
      [
        'starting_cash: 100000',
        'portfolio: { max_positions: 2, daily_stop: 1000000 }',
        ...this.strategyYaml,
        'live:',
        '  host: 127.0.0.1',
        `  port: ${this.port}`,
        `  symbols: { ${this.instruments.map((i) => `${i.series.symbol}: ${i.subscribedSymbol}`).join(', ')} }`,
        '  store: live.sqlite',
        '  market_hours: always',
        '  stale_after_s: 3600',
        '  status_interval_s: 0.5',
        '  warmup_minutes: 1440',
        '  webhook_timeout_s: 2',
        ...this.liveYaml.map((line) => `  ${line}`),
      ].join('\n'),
    );
    this.feed.start(this.gateway, minuteMs);
  }

  /** Starts `rooney live` (with `failpoints`, a comma-separated ROONEY_FAILPOINTS); resolves when it has exited. */
  run(failpoints = ''): Promise<{ exit: number | null; signal: NodeJS.Signals | null }> {
    this.childOut = '';
    this.childErr = '';
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/rooney/src/bin.ts', 'live', '--config', this.config, '--heartbeat-file', this.heartbeat], {
      cwd: REPO,
      env: { ...process.env, DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: this.webhookUrl, ROONEY_FAILPOINTS: failpoints },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.childOut += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.childErr += chunk.toString()));
    return new Promise((resolve) => {
      child.on('exit', (exit, signal) => {
        this.runs.push({ exit, signal, stderr: this.childErr, stdout: this.childOut });
        this.child = undefined;
        resolve({ exit, signal });
      });
    });
  }

  /** SIGKILLs the running process (a `kill -9`). */
  kill(): void {
    this.child?.kill('SIGKILL');
  }

  /** What the running process printed so far. */
  get output(): { stdout: string; stderr: string } {
    return { stdout: this.childOut, stderr: this.childErr };
  }

  /** The last heartbeat the running process wrote (undefined before the first). */
  beat(): { ts: number; symbols: Record<string, { lastBar: string | null }>; signalsInFlight: number; alerts: { kind: string; message: string }[]; positions: unknown[] } | undefined {
    if (!existsSync(this.heartbeat)) return undefined;
    try {
      return JSON.parse(readFileSync(this.heartbeat, 'utf8')) as ReturnType<LiveRig['beat']>;
    } catch {
      return undefined;
    }
  }

  /** Waits until the feed published everything and the running process saw the last minute of every symbol; then SIGTERM. */
  async finish(timeoutMs: number, exited: Promise<{ exit: number | null; signal: NodeJS.Signals | null }>): Promise<{ exit: number | null; signal: NodeJS.Signals | null }> {
    const deadline = Date.now() + timeoutMs;
    await Promise.race([this.feed.done, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    const last = new Date(this.feed.lastTs).toISOString();
    const lasts = this.instruments.map((i) => new Date(i.series.ts[i.series.length - 1]).toISOString());
    for (;;) {
      const beat = this.beat();
      const seen = beat !== undefined && this.instruments.every((inst, k) => beat.symbols[inst.series.symbol]?.lastBar === lasts[k]);
      // Two beats after the last bar arrived: its step was processed and its signals answered.
      if (seen && beat.signalsInFlight === 0 && Date.now() - beat.ts > 0) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        break;
      }
      if (Date.now() > deadline || this.child === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    void last;
    this.child?.kill('SIGTERM');
    return exited;
  }

  async close(): Promise<void> {
    this.feed.stop();
    this.child?.kill('SIGKILL');
    await this.gateway.close();
    await this.receiver.close();
  }
}

/** The `count` first minutes of `series`. */
export function firstMinutes(series: BarSeries, count: number): BarSeries {
  return series.between(Number.NEGATIVE_INFINITY, series.ts[Math.min(count, series.length) - 1]);
}
