import { RooneyError } from '@rooney/core';

/** Raw parameters as read from a config file (`strategies[i].params`). */
export type RawParams = Readonly<Record<string, unknown>>;

/**
 * Reads typed parameters out of a raw record, with errors that name the key path
 * (`strategies[0].params.entry_long_below`). Unknown keys are reported too.
 */
export class ParamReader {
  private readonly raw: RawParams;
  private readonly path: string;
  private readonly used = new Set<string>();

  constructor(raw: RawParams, path: string) {
    this.raw = raw;
    this.path = path;
  }

  number(key: string, fallback: number, check?: { min?: number; max?: number; integer?: boolean }): number {
    this.used.add(key);
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, 'a number', value);
    const n = value as number;
    if (check?.integer === true && !Number.isInteger(n)) this.fail(key, 'an integer', n);
    if (check?.min !== undefined && n < check.min) this.fail(key, `>= ${check.min}`, n);
    if (check?.max !== undefined && n > check.max) this.fail(key, `<= ${check.max}`, n);
    return n;
  }

  optionalNumber(key: string, check?: { min?: number; max?: number; integer?: boolean }): number | undefined {
    if (this.raw[key] === undefined || this.raw[key] === null) {
      this.used.add(key);
      return undefined;
    }
    return this.number(key, 0, check);
  }

  boolean(key: string, fallback: boolean): boolean {
    this.used.add(key);
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'boolean') this.fail(key, 'true or false', value);
    return value as boolean;
  }

  choice<T extends string>(key: string, fallback: T, choices: readonly T[]): T {
    this.used.add(key);
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'string' || !choices.includes(value as T)) this.fail(key, `one of ${choices.join(', ')}`, value);
    return value as T;
  }

  text(key: string, fallback: string): string {
    this.used.add(key);
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'string' || value === '') this.fail(key, 'a non-empty string', value);
    return value as string;
  }

  optionalText(key: string): string | undefined {
    this.used.add(key);
    const value = this.raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value === '') this.fail(key, 'a non-empty string', value);
    return value as string;
  }

  /** A list (e.g. `skip`), or an empty one. */
  list(key: string): readonly unknown[] {
    this.used.add(key);
    const value = this.raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(key, 'a list', value);
    return value as unknown[];
  }

  /** An error for this reader's path itself (not one of its keys). */
  failWith(rule: string, value: unknown): RooneyError {
    return new RooneyError('invalid_parameter', `${this.path} must be ${rule}, was ${JSON.stringify(value)}`, { field: this.path });
  }

  /** A nested record (e.g. `filters`), or an empty one. */
  record(key: string): RawParams {
    this.used.add(key);
    const value = this.raw[key];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) this.fail(key, 'a mapping', value);
    return value as RawParams;
  }

  /** A reader for a nested record, with the path extended. */
  nested(key: string): ParamReader {
    return new ParamReader(this.record(key), `${this.path}.${key}`);
  }

  /** Throws if the raw record holds keys nobody asked for (typos in configs). */
  rejectUnknown(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.used.has(key)) {
        throw new RooneyError('unknown_parameter', `${this.path}.${key}: unknown parameter`, { field: `${this.path}.${key}` });
      }
    }
  }

  private fail(key: string, rule: string, value: unknown): never {
    throw new RooneyError('invalid_parameter', `${this.path}.${key} must be ${rule}, was ${JSON.stringify(value)}`, {
      field: `${this.path}.${key}`,
    });
  }
}

/** Deep-merges `override` into `base` (nested records merge, everything else replaces). */
export function mergeParams(base: RawParams, override: RawParams): RawParams {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    const bothRecords =
      value !== null && typeof value === 'object' && !Array.isArray(value) &&
      current !== null && typeof current === 'object' && !Array.isArray(current);
    out[key] = bothRecords ? mergeParams(current as RawParams, value as RawParams) : value;
  }
  return out;
}

/**
 * Each symbol's parameters: its override from `perSymbol`, else `base`. One strategy trades one
 * timeframe, so an override that changes `timeframe` is an error naming the strategy and symbol.
 */
export function paramsBySymbol<P extends { readonly timeframe: string }>(
  strategy: string,
  symbols: readonly string[],
  base: P,
  perSymbol: Readonly<Record<string, P>> | undefined,
): Map<string, P> {
  if (symbols.length === 0) throw new RooneyError('invalid_parameter', `strategy "${strategy}" needs at least one symbol`);
  const out = new Map<string, P>();
  for (const symbol of symbols) {
    const params = perSymbol?.[symbol] ?? base;
    if (params.timeframe !== base.timeframe) {
      throw new RooneyError('invalid_parameter', `strategy "${strategy}": ${symbol} overrides the timeframe; one strategy trades one timeframe`);
    }
    out.set(symbol, params);
  }
  return out;
}
