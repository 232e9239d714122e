import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RooneyError } from '@rooney/core';

/** uPlot's script and stylesheet, ready to inline, with the version they came from. */
export interface UplotAssets {
  readonly version: string;
  /** The minified IIFE build (defines the global `uPlot`), with a licence header and no URL. */
  readonly script: string;
  readonly css: string;
}

let cached: UplotAssets | undefined;

/** Makes text safe inside an inline `<script>` / `<style>` element. */
function inlineSafe(text: string, element: 'script' | 'style'): string {
  return text.replace(new RegExp(`</${element}`, 'gi'), `<\\/${element}`);
}

/**
 * The uPlot chart library (MIT, © Leon Sorokin; the `uplot` npm package, pinned) read once from
 * its installed `dist/` files, to be inlined into a report so it opens offline. About 51 kB of
 * script and 2 kB of CSS. The upstream header comment (a URL) is replaced by a licence line, so a
 * report names no external address.
 */
export function uplotAssets(): UplotAssets {
  if (cached !== undefined) return cached;
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  } catch (error) {
    throw new RooneyError('missing_dependency', `the "uplot" package is not installed next to @rooney/report (${(error as Error).message})`);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license: string };
  const source = readFileSync(join(root, 'dist', 'uPlot.iife.min.js'), 'utf8').replace(/^\/\*![^*]*\*\/\s*/, '');
  const css = readFileSync(join(root, 'dist', 'uPlot.min.css'), 'utf8');
  cached = {
    version: manifest.version,
    script: inlineSafe(`/*! uPlot v${manifest.version} | ${manifest.license} licence | (c) Leon Sorokin */\n${source.trim()}`, 'script'),
    css: inlineSafe(css.trim(), 'style'),
  };
  return cached;
}
