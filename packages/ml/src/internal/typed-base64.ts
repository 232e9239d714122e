import { Buffer } from 'node:buffer';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian bytes of a typed array as base64 (the same text on every platform). */
export function encodeTypedArray(array: Int32Array | Float64Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  const bytes = new Uint8Array(array.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < array.length; i++) {
    if (array instanceof Int32Array) view.setInt32(i * 4, array[i], true);
    else view.setFloat64(i * 8, array[i], true);
  }
  return Buffer.from(bytes).toString('base64');
}

/**
 * Decodes base64 little-endian bytes into a typed array; returns null when the text is not
 * base64 or its length is not a whole number of elements.
 */
export function decodeTypedArray<T extends Int32Array | Float64Array>(
  text: unknown,
  Kind: { new (length: number): T; readonly BYTES_PER_ELEMENT: number },
): T | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  const size = Kind.BYTES_PER_ELEMENT;
  if (bytes.length % size !== 0) return null;
  const out = new Kind(bytes.length / size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) {
    out[i] = size === 4 ? view.getInt32(i * 4, true) : view.getFloat64(i * 8, true);
  }
  return out;
}
