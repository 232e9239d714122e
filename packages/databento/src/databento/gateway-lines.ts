/**
 * The text phase of the Live Raw API (spec §2.2): `\n`-terminated lines of `key=value` pairs
 * separated by `|`, in any key order, possibly split over reads or several in one read.
 */

/** Parses `a=1|b=2|` into a map; empty segments (a trailing `|`) are ignored, a bare `key` maps to ''. */
export function parseGatewayLine(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const segment of line.split('|')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    if (eq < 0) out.set(segment, '');
    else out.set(segment.slice(0, eq), segment.slice(eq + 1));
  }
  return out;
}

/** Formats pairs as `k=v|k=v\n` in the order given. */
export function formatGatewayLine(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  return `${pairs.map(([key, value]) => `${key}=${value}`).join('|')}\n`;
}

/**
 * Splits a byte stream into lines while keeping whatever follows the last consumed line (the DBN
 * stream starts right after the text phase, possibly in the same read).
 */
export class LineBuffer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
  }

  /** The next complete line without its `\n`, or undefined when none is buffered. */
  nextLine(): string | undefined {
    const newline = this.pending.indexOf(0x0a);
    if (newline < 0) return undefined;
    const line = this.pending.subarray(0, newline).toString('latin1');
    this.pending = this.pending.subarray(newline + 1);
    return line;
  }

  /** Bytes buffered after the last line taken (handed to the DBN decoder after the text phase). */
  takeRest(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }

  get bufferedBytes(): number {
    return this.pending.length;
  }
}
