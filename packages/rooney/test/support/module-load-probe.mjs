// Preloaded with `node --import` by the tests that check what a command loads. Appends one line
// per event to $ROONEY_PROBE_FILE: `import URL` for every module an ES import resolved (from the
// hooks below, which run on Node's loader thread), `require ID` for every CommonJS require, and
// `dlopen FILE` for every native addon (a `.node` file) the process loaded.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const out = process.env.ROONEY_PROBE_FILE;
if (out === undefined || out === '') throw new Error('module-load-probe: ROONEY_PROBE_FILE is not set');
const record = (kind, what) => appendFileSync(out, `${kind} ${what}\n`);

const dlopen = process.dlopen;
process.dlopen = function probedDlopen(module, filename, ...rest) {
  record('dlopen', filename);
  return dlopen.call(this, module, filename, ...rest);
};

const load = Module._load;
Module._load = function probedLoad(request, ...rest) {
  record('require', request);
  return load.call(this, request, ...rest);
};

register(new URL('./module-load-hooks.mjs', import.meta.url), { data: { out } });
