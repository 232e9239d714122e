import { describe, expect, it } from 'vitest';
import { renderReport } from './render-report.ts';

describe('report warnings', () => {
  it('each warning is an escaped alert banner in the header, before the first section', () => {
    const html = renderReport({
      title: 'Rooney backtest',
      summary: [{ label: 'Sharpe', value: '6.55' }],
      warnings: ['IN-SAMPLE RESULTS: <models> saw this window', 'second'],
    });
    const banners = [...html.matchAll(/<div class="warning-banner" role="alert">([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(banners).toEqual(['IN-SAMPLE RESULTS: &lt;models&gt; saw this window', 'second']);
    expect(html.indexOf('warning-banner" role')).toBeLessThan(html.indexOf('</header>'));
    expect(html.indexOf('</header>')).toBeLessThan(html.indexOf('<section id="section-summary"'));
  });

  it('no warnings, no banner', () => {
    const html = renderReport({ title: 'x', summary: [] });
    expect(html).not.toContain('role="alert"');
  });
});
