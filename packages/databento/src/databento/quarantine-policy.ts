/** What the live client does with a bad record. */
export type QuarantineVerdict =
  /** Drop the connection and let the replay send the record again (`attempt`: 1 the first time). */
  | { readonly action: 'quarantine'; readonly attempt: number }
  /** Give up on this bar and go on: never delivered (`attempts` 0: its series fails this way systematically). */
  | { readonly action: 'reject'; readonly attempts: number }
  /** Step over an unknown record type: the gateway proved it keeps sending it (`learned` the first time). */
  | { readonly action: 'skip'; readonly learned: boolean; readonly attempts: number }
  /** Stop the feed: the same broken framing came `attempt` times. */
  | { readonly action: 'fatal'; readonly attempt: number };

/**
 * How often a bad record may come back before the live client stops resetting the connection for
 * it (`limit` arrivals; each but the last is a quarantine):
 * - a bad bar is then rejected; once a series has had `limit` bars in a row rejected for one
 *   reason, its next bar failing that way is rejected at once (a systematic fault, such as a wrong
 *   tick size, must not cost two reconnects a minute); a good bar of the series clears it;
 * - an unknown record type is then stepped over, and every later record of that type too;
 * - broken framing is then fatal (stepping over it would be a guess). Framing errors without a
 *   header to recognise them by (a stream cut inside a header) are never counted as repeats.
 * Memory: one entry per record still being retried, per series failing systematically, per
 * learned record type.
 */
export class QuarantinePolicy {
  private readonly limit: number;
  private readonly attempts = new Map<string, number>();
  private readonly streaks = new Map<string, number>();
  private readonly skippedTypes = new Set<number>();

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`"quarantineLimit" must be an integer >= 1, was ${limit}`);
    this.limit = limit;
  }

  /** A bar of `series` at `tsEventNs` failed the check `code`. */
  badBar(rtype: number, series: string, instrumentId: number, tsEventNs: bigint, code: string): QuarantineVerdict {
    const slot = `bar:${rtype}:${instrumentId}:${tsEventNs}`;
    const attempt = (this.attempts.get(slot) ?? 0) + 1;
    const streakKey = `${rtype}|${series}|${code}`;
    const streak = this.streaks.get(streakKey) ?? 0;
    if (attempt < this.limit && streak < this.limit) {
      this.attempts.set(slot, attempt);
      return { action: 'quarantine', attempt };
    }
    this.attempts.delete(slot);
    this.streaks.set(streakKey, streak + 1);
    return { action: 'reject', attempts: streak >= this.limit && attempt === 1 ? 0 : attempt };
  }

  /** A bar of `series` at `tsEventNs` passed: its retries and the series' rejection streaks end. */
  goodBar(rtype: number, series: string, instrumentId: number, tsEventNs: bigint): void {
    if (this.attempts.size > 0) this.attempts.delete(`bar:${rtype}:${instrumentId}:${tsEventNs}`);
    if (this.streaks.size === 0) return;
    const prefix = `${rtype}|${series}|`;
    for (const key of this.streaks.keys()) if (key.startsWith(prefix)) this.streaks.delete(key);
  }

  /** A record of a type DBN does not define. */
  unknownRecord(rtype: number, instrumentId: number, tsEventNs: bigint): QuarantineVerdict {
    if (this.skippedTypes.has(rtype)) return { action: 'skip', learned: false, attempts: 0 };
    const key = `unknown:${rtype}:${instrumentId}:${tsEventNs}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    if (attempt < this.limit) {
      this.attempts.set(key, attempt);
      return { action: 'quarantine', attempt };
    }
    this.attempts.delete(key);
    this.skippedTypes.add(rtype);
    return { action: 'skip', learned: true, attempts: attempt };
  }

  /** Whether records of `rtype` are stepped over without a word. */
  skips(rtype: number): boolean {
    return this.skippedTypes.has(rtype);
  }

  /** Broken framing, recognised by `fingerprint` (undefined: nothing to recognise it by). */
  framingError(fingerprint: string | undefined): QuarantineVerdict {
    if (fingerprint === undefined) return { action: 'quarantine', attempt: 1 };
    const attempt = (this.attempts.get(fingerprint) ?? 0) + 1;
    this.attempts.set(fingerprint, attempt);
    return attempt < this.limit ? { action: 'quarantine', attempt } : { action: 'fatal', attempt };
  }
}
