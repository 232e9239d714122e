/**
 * Wraps bytes in valid Zstandard frames made of raw (stored, uncompressed) blocks — RFC 8878 §3.1:
 * magic `28 B5 2F FD`, a frame header with a 128 KiB window and no content size or checksum, then
 * blocks of at most 128 KiB with a 3-byte header (`last` bit, type 0 = raw, size). Any zstd decoder
 * reads them; Node 20 has no zstd compressor, and fakes need `compression=zstd` answers. With
 * `frameBytes`, the input is split over several concatenated frames (a valid stream too).
 */
export function zstdRawFrames(data: Uint8Array, frameBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const frameSize = Math.max(1, Math.min(frameBytes, data.length === 0 ? 1 : data.length));
  const frames: Uint8Array[] = [];
  let offset = 0;
  do {
    const frame = data.subarray(offset, Math.min(data.length, offset + frameSize));
    frames.push(rawFrame(frame));
    offset += frame.length;
  } while (offset < data.length);
  let length = 0;
  for (const frame of frames) length += frame.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}

const MAX_BLOCK = 128 * 1024;

function rawFrame(content: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(content.length / MAX_BLOCK));
  const out = new Uint8Array(6 + blocks * 3 + content.length);
  // Magic number (little-endian 0xFD2FB528), frame header descriptor 0 (window descriptor follows),
  // window descriptor: exponent 7 → 2^17 = 128 KiB.
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]);
  let at = 6;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_BLOCK;
    const size = Math.min(MAX_BLOCK, content.length - start);
    const header = (size << 3) | (b === blocks - 1 ? 1 : 0);
    out[at] = header & 0xff;
    out[at + 1] = (header >>> 8) & 0xff;
    out[at + 2] = (header >>> 16) & 0xff;
    out.set(content.subarray(start, start + size), at + 3);
    at += 3 + size;
  }
  return out;
}
