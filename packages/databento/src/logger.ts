import type { Secret } from './secret.ts';
import { redactSecrets } from './secret.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log sink of the live adapter: an event name and JSON-able fields. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** One log line as written by {@link JsonLineLogger}. */
export interface LogRecord {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Writes one JSON object per line (`{"ts":"…","level":"info","event":"…",…}`), after replacing any
 * known secret value with `[secret NAME]` — a last line of defence: secrets are `Secret` objects
 * that already print as their name.
 */
export class JsonLineLogger implements Logger {
  private readonly write: (line: string) => void;
  private readonly now: () => number;
  private readonly secrets: readonly Secret[];
  private readonly minimum: number;

  constructor(options: {
    readonly write: (line: string) => void;
    readonly now: () => number;
    readonly secrets?: readonly Secret[];
    readonly level?: LogLevel;
  }) {
    this.write = options.write;
    this.now = options.now;
    this.secrets = options.secrets ?? [];
    this.minimum = LEVELS[options.level ?? 'info'];
  }

  log(level: LogLevel, event: string, fields: Readonly<Record<string, unknown>> = {}): void {
    if (LEVELS[level] < this.minimum) return;
    const line = JSON.stringify({ ts: new Date(this.now()).toISOString(), level, event, ...fields }, jsonReplacer);
    this.write(`${redactSecrets(line, this.secrets)}\n`);
  }
}

/** Keeps every record in memory (tests, the dry run's signal log). */
export class MemoryLogger implements Logger {
  readonly records: LogRecord[] = [];

  log(level: LogLevel, event: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level, event, fields });
  }

  /** Every record serialised as the JSON line logger would (without the time). */
  text(): string {
    return this.records.map((r) => JSON.stringify({ level: r.level, event: r.event, ...r.fields }, jsonReplacer)).join('\n');
  }

  /** Records with this event name. */
  events(event: string): LogRecord[] {
    return this.records.filter((r) => r.event === event);
  }
}

/** Discards everything. */
export const SILENT_LOGGER: Logger = Object.freeze({ log: () => undefined });

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** `bigint` as decimal text, errors as their message. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
