import { describe, expect, it } from 'vitest';
import { LineBuffer, formatGatewayLine, parseGatewayLine } from './gateway-lines.ts';

describe('gateway lines', () => {
  it('parses pairs in any order, tolerates a trailing | and bare keys', () => {
    expect([...parseGatewayLine('success=1|session_id=5|')]).toEqual([['success', '1'], ['session_id', '5']]);
    expect(parseGatewayLine('start_session').get('start_session')).toBe('');
    expect(parseGatewayLine('error=a=b').get('error')).toBe('a=b');
  });

  it('formats pairs with | and a single \\n', () => {
    expect(formatGatewayLine([['schema', 'ohlcv-1m'], ['id', 1]])).toBe('schema=ohlcv-1m|id=1\n');
  });

  it('splits lines across reads and keeps the bytes after the last line', () => {
    const lines = new LineBuffer();
    lines.push(Buffer.from('lsg_ver'));
    expect(lines.nextLine()).toBeUndefined();
    lines.push(Buffer.from('sion=1\ncram=abc\nsuccess=1|session_id=2\nDBN\x03'));
    expect([lines.nextLine(), lines.nextLine(), lines.nextLine(), lines.nextLine()]).toEqual(['lsg_version=1', 'cram=abc', 'success=1|session_id=2', undefined]);
    expect(lines.takeRest().toString('latin1')).toBe('DBN\x03');
    expect(lines.bufferedBytes).toBe(0);
  });
});
