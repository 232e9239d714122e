import { Decompress, decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { zstdRawFrames } from './zstd-frames.ts';

describe('zstdRawFrames', () => {
  const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

  it('a standard zstd decoder reads one frame of several 128 KiB raw blocks, and many frames', () => {
    const one = zstdRawFrames(data);
    expect(Array.from(one.subarray(0, 4))).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    // 3 blocks (128 KiB, 128 KiB, the rest): 6 header bytes + 3 × 3 block-header bytes.
    expect(one.length).toBe(data.length + 6 + 9);
    expect(Buffer.from(decompress(one)).equals(Buffer.from(data))).toBe(true);
    const many = zstdRawFrames(data, 10_000);
    expect(many.length).toBe(data.length + 30 * (6 + 3));
    const out: Uint8Array[] = [];
    const stream = new Decompress((chunk) => out.push(chunk));
    for (let i = 0; i < many.length; i += 4097) stream.push(many.subarray(i, i + 4097));
    stream.push(new Uint8Array(0), true);
    expect(Buffer.concat(out).equals(Buffer.from(data))).toBe(true);
  });

  it('empty input is one empty frame', () => {
    expect(decompress(zstdRawFrames(new Uint8Array(0))).length).toBe(0);
  });
});
