import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape.ts';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves other text, including non-ASCII, unchanged', () => {
    expect(escapeHtml('ES.c.0 – Δ 5%')).toBe('ES.c.0 – Δ 5%');
  });

  it('escapes an ampersand only once per occurrence (no double decoding surprises)', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});
