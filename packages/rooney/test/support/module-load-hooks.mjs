// ES module resolve hook of module-load-probe.mjs: records every resolved URL.
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(out, `import ${result.url}\n`);
  return result;
}
