#!/usr/bin/env node
// Checks the packages as users get them from the npm registry: packs every published workspace
// package with `pnpm pack` (workspace: ranges and publishConfig applied), then
//
//   1. inspects each tarball (files, manifest fields, one shared version, no native code outside
//      @rooney/live), lints it with publint and arethetypeswrong, and runs `npm publish --dry-run`;
//   2. installs the tarballs into a fresh npm project WITHOUT @rooney/live (the research user) and
//      checks that nothing compiles or runs an install script, that every package loads from ESM
//      and from CommonJS with the same exports, that a strict NodeNext type-check passes for ESM and
//      CommonJS files, that `rooney backtest` and `rooney sweep` give byte-identical files to the
//      source tree, and that `rooney live` says in one line to install @rooney/live;
//   3. installs all of them WITH @rooney/live into a second project (better-sqlite3 from a local
//      prebuilt binary, as users get it from its download host) and checks that the live package,
//      its native trade store and `rooney live` load, and that a tslab notebook importing all ten
//      packages runs and gives the same numbers as the ES module build.
//
//   node scripts/check-packages.mjs [--no-build] [--keep]
//
// --no-build reuses dist/ as built (CI builds it just before, for the notebooks); --keep keeps the
// work directory. Needs the npm registry for the third-party dependencies, and Jupyter with
// nbconvert under /usr/bin/python3 for the tslab step (scripts/notebooks.sh installs it). Prints
// one line per check and exits non-zero when any failed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const WORK = mkdtempSync(join(tmpdir(), 'rooney-packages-'));
const started = performance.now();
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
/** Child processes never see the workspace's packages through NODE_PATH (which `pnpm exec` sets). */
const CLEAN_ENV = { ...process.env, NODE_PATH: '', NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

let failures = 0;
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1);
function report(ok, name, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${detail === '' ? '' : `: ${detail}`}`);
}
/** Runs `check`; a thrown error is a failed check (its message is the detail). */
async function check(name, run) {
  const from = performance.now();
  try {
    const detail = await run();
    report(true, name, `${detail ?? ''}${detail ? ', ' : ''}${seconds(from)} s`);
  } catch (error) {
    report(false, name, String(error?.message ?? error).trim().split('\n').slice(0, 25).join('\n      '));
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
/** Runs a command; throws with its output when it fails. */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', env: CLEAN_ENV, maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0 && options.allowFailure !== true) {
    throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`.trim());
  }
  return result;
}

/** Runs a command without blocking; resolves with its exit code and output. */
function runAsync(command, commandArgs, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, commandArgs, { env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** `work(item)` for every item, at most `limit` at once; results in item order. */
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// --- The published packages ----------------------------------------------------------------
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const packages = readdirSync(join(ROOT, 'packages'))
  .filter((dir) => existsSync(join(ROOT, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)
  .map(({ dir, manifest }) => ({ dir, name: manifest.name, version: manifest.version, source: manifest }));
const LIVE = '@rooney/live';
const research = packages.filter((p) => p.name !== LIVE);
console.log(`checking ${packages.length} packages (${packages.map((p) => p.name).join(', ')}) in ${WORK}`);

if (!args.has('--no-build')) {
  await check('pnpm build', () => {
    run('pnpm', ['build'], { cwd: ROOT, env: process.env });
  });
}

const tarballDir = join(WORK, 'tarballs');
mkdirSync(tarballDir);
await check('pnpm pack', () => {
  for (const p of packages) {
    run('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: join(ROOT, 'packages', p.dir), env: process.env });
    p.tarball = join(tarballDir, `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`);
    assert(existsSync(p.tarball), `pnpm pack wrote no ${basename(p.tarball)}`);
  }
  return `${packages.length} tarballs, ${(packages.reduce((s, p) => s + statSync(p.tarball).size, 0) / 1e6).toFixed(2)} MB`;
});

// --- 1. Each tarball ---------------------------------------------------------------------
const EXPECTED_ROOT_FILES = new Set(['package.json', 'README.md', 'LICENSE']);
for (const p of packages) {
  await check(`tarball ${p.name}`, () => {
    const files = run('tar', ['tzf', p.tarball]).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    const manifest = JSON.parse(run('tar', ['xzf', p.tarball, '-O', 'package/package.json']).stdout);
    const problems = [];
    for (const file of EXPECTED_ROOT_FILES) if (!files.includes(file)) problems.push(`${file} missing`);
    for (const file of files) {
      if (!EXPECTED_ROOT_FILES.has(file) && !file.startsWith('dist/')) problems.push(`unexpected file ${file}`);
      if (/\.test\.|\.node$|^dist\/.*\.ts$(?<!\.d\.ts)(?<!\.d\.cts)/.test(file)) problems.push(`should not ship ${file}`);
    }
    const text = JSON.stringify(manifest);
    if (text.includes('workspace:')) problems.push('a workspace: range was not rewritten');
    if (manifest.version !== packages[0].version) problems.push(`version ${manifest.version}, not the shared ${packages[0].version}`);
    const entry = manifest.exports?.['.'];
    for (const [condition, field] of [['import', 'types'], ['import', 'default'], ['require', 'types'], ['require', 'default']]) {
      const target = entry?.[condition]?.[field];
      if (typeof target !== 'string' || !files.includes(target.replace(/^\.\//, ''))) problems.push(`exports["."].${condition}.${field} (${target}) is not in the tarball`);
    }
    if (manifest.exports?.['./package.json'] !== './package.json') problems.push('exports has no "./package.json"');
    for (const field of ['main', 'module', 'types']) {
      if (typeof manifest[field] !== 'string' || !files.includes(manifest[field].replace(/^\.\//, ''))) problems.push(`${field} (${manifest[field]}) is not in the tarball`);
    }
    for (const [command, target] of Object.entries(manifest.bin ?? {})) {
      const body = run('tar', ['xzf', p.tarball, '-O', `package/${target.replace(/^\.\//, '')}`]).stdout;
      if (!body.startsWith('#!/usr/bin/env node')) problems.push(`bin ${command} (${target}) has no node shebang`);
    }
    if (manifest.type !== 'module') problems.push('type is not "module"');
    if (manifest.sideEffects !== false) problems.push('sideEffects is not false');
    if (manifest.engines?.node !== '>=20') problems.push(`engines.node is ${manifest.engines?.node}`);
    if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}`);
    if (manifest.repository?.url !== rootManifest.repository?.url) problems.push(`repository.url ${manifest.repository?.url} differs from the root's ${rootManifest.repository?.url}`);
    if (manifest.repository?.directory !== `packages/${p.dir}`) problems.push(`repository.directory is ${manifest.repository?.directory}`);
    if (typeof manifest.homepage !== 'string' || typeof manifest.bugs?.url !== 'string') problems.push('homepage or bugs.url missing');
    if (!Array.isArray(manifest.keywords) || manifest.keywords.length < 3) problems.push('fewer than 3 keywords');
    if (typeof manifest.description !== 'string' || manifest.description.length < 20) problems.push('no description');
    if (p.source.publishConfig?.access !== 'public') problems.push('publishConfig.access is not public (scoped packages default to restricted)');
    for (const script of ['preinstall', 'install', 'postinstall']) if (manifest.scripts?.[script] !== undefined) problems.push(`has a ${script} script`);
    const runtime = { ...manifest.dependencies, ...manifest.optionalDependencies };
    const native = Object.keys(runtime).filter((d) => d === 'better-sqlite3' || d === LIVE);
    if (p.name === LIVE ? !native.includes('better-sqlite3') : native.length > 0) problems.push(`runtime dependencies on ${native.join(', ') || 'nothing native'}: only @rooney/live may bring better-sqlite3, and nothing may depend on @rooney/live`);
    if (p.name === 'rooney' && (manifest.peerDependencies?.[LIVE] === undefined || manifest.peerDependenciesMeta?.[LIVE]?.optional !== true)) problems.push('@rooney/live is not an optional peer of the CLI');
    assert(problems.length === 0, problems.join('; '));
    return `${files.length} files`;
  });
}

await check('publint (strict) on every tarball', async () => {
  const { publint } = await import(requireFromRoot.resolve('publint'));
  const { formatMessage } = await import(requireFromRoot.resolve('publint/utils'));
  const problems = [];
  for (const p of packages) {
    const bytes = readFileSync(p.tarball);
    const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true, level: 'suggestion' });
    for (const message of messages) problems.push(`${p.name}: ${formatMessage(message, pkg) ?? message.code}`);
  }
  assert(problems.length === 0, problems.join('\n'));
});

await check('arethetypeswrong on every tarball (node10, node16 CJS and ESM, bundler)', async () => {
  const attw = join(ROOT, 'node_modules', '.bin', 'attw');
  const results = await inParallel(packages, 2, (p) => runAsync(attw, [p.tarball, '--format', 'ascii']));
  const failed = packages.map((p, i) => [p, results[i]]).filter(([, r]) => r.status !== 0);
  assert(failed.length === 0, failed.map(([p, r]) => `${p.name}\n${r.stdout}${r.stderr}`).join('\n'));
});

await check('npm publish --dry-run of every tarball', async () => {
  const results = await inParallel(packages, 4, (p) => runAsync('npm', ['publish', '--dry-run', '--access', 'public', p.tarball], { cwd: WORK }));
  const failed = packages.map((p, i) => [p, results[i]]).filter(([p, r]) => r.status !== 0 || !r.stdout.includes(`+ ${p.name}@${p.version}`));
  assert(failed.length === 0, failed.map(([p, r]) => `${p.name}: ${r.stdout}${r.stderr}`).join('\n'));
});

// --- 2. A research project: everything but @rooney/live -----------------------------------------
/** A fresh npm project in WORK/name with `tarballs` (and registry packages `extra`) installed. */
function freshProject(name, tarballs, extra, manifestFields = {}, env = {}) {
  const dir = join(WORK, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `rooney-check-${name}`, private: true, ...manifestFields }, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs, ...extra], { cwd: dir, env: { ...CLEAN_ENV, ...env } });
  return dir;
}

/** Every installed package directory under node_modules (scoped ones included, nested ones too). */
function installedPackages(nodeModules) {
  const out = [];
  if (!existsSync(nodeModules)) return out;
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    const path = join(nodeModules, name);
    if (name.startsWith('@')) {
      for (const inner of readdirSync(path)) out.push(join(path, inner), ...installedPackages(join(path, inner, 'node_modules')));
    } else {
      out.push(path, ...installedPackages(join(path, 'node_modules')));
    }
  }
  return out;
}

function nativeFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith('.node'));
}

let scripts = 0;
/** Runs `code` as a file of the project in `dir` (`.mjs` or `.cjs`, as a user's script would be); returns its stdout. */
function node(dir, code, type = 'module', env = {}) {
  const file = join(dir, `check-${scripts++}.${type === 'module' ? 'mjs' : 'cjs'}`);
  writeFileSync(file, `${code}\n`);
  return run(process.execPath, [file], { cwd: dir, env: { ...CLEAN_ENV, ...env } }).stdout.trim();
}

let researchDir;
await check('npm install of the research packages (no @rooney/live) into a fresh project', () => {
  researchDir = freshProject('research', research.map((p) => p.tarball), ['@types/node@20']);
  const installed = installedPackages(join(researchDir, 'node_modules'));
  const withScripts = installed.filter((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return ['preinstall', 'install', 'postinstall'].some((s) => manifest.scripts?.[s] !== undefined) || existsSync(join(dir, 'binding.gyp'));
  });
  assert(withScripts.length === 0, `packages with install scripts or native builds: ${withScripts.map((d) => basename(d)).join(', ')}`);
  assert(!existsSync(join(researchDir, 'node_modules', 'better-sqlite3')), 'better-sqlite3 was installed');
  assert(!existsSync(join(researchDir, 'node_modules', '@rooney', 'live')), '@rooney/live was installed');
  const native = nativeFiles(join(researchDir, 'node_modules'));
  assert(native.length === 0, `native addons: ${native.join(', ')}`);
  return `${installed.length} packages, no install scripts, no native addon`;
});

/** `import` and `require` of each package give the same export names. */
function checkModuleFormats(dir, list) {
  const names = JSON.stringify(list.map((p) => p.name));
  const esm = JSON.parse(node(dir, `const out = {}; for (const name of ${names}) out[name] = Object.keys(await import(name)).filter((k) => k !== 'default').sort(); console.log(JSON.stringify(out));`));
  const cjs = JSON.parse(
    node(dir, `const out = {}; for (const name of ${names}) { out[name] = Object.keys(require(name)).sort(); if (!require.resolve(name).endsWith('.cjs')) throw new Error(name + ' resolved to ' + require.resolve(name)); } console.log(JSON.stringify(out));`, 'commonjs'),
  );
  for (const p of list) {
    assert(esm[p.name].length > 5, `${p.name} exports only ${esm[p.name].join(', ')}`);
    assert(JSON.stringify(esm[p.name]) === JSON.stringify(cjs[p.name]), `${p.name}: import gives ${esm[p.name].length} exports, require ${cjs[p.name].length}`);
  }
  return `${list.length} packages, ${list.reduce((s, p) => s + esm[p.name].length, 0)} exports, identical from import and require`;
}

if (researchDir !== undefined) {
  await check('research project: every package loads from ESM (import) and CommonJS (require)', () => checkModuleFormats(researchDir, research));

  await check('research project: strict NodeNext type-check of an ES module and a CommonJS file using every package', () => {
    const identifier = (name) => name.replace(/^@rooney\//, '').replace(/\W/g, '_');
    writeFileSync(
      join(researchDir, 'esm.mts'),
      [
        ...research.map((p) => `import * as ${identifier(p.name)} from '${p.name}';`),
        "const rng: core.Rng = new core.Rng(7);",
        "const spec: core.ContractSpec | undefined = core.DEFAULT_CONTRACTS['ES'];",
        "const program = rooney.buildProgram();",
        `export const used = [rng.next(), spec?.multiplier, program.name(), ${research.map((p) => `Object.keys(${identifier(p.name)}).length`).join(', ')}];`,
      ].join('\n'),
    );
    writeFileSync(
      join(researchDir, 'cjs.cts'),
      [
        ...research.map((p) => `import ${identifier(p.name)} = require('${p.name}');`),
        "const rng: core.Rng = new core.Rng(7);",
        `export const used = [rng.next(), ${research.map((p) => `Object.keys(${identifier(p.name)}).length`).join(', ')}];`,
      ].join('\n'),
    );
    writeFileSync(
      join(researchDir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['esm.mts', 'cjs.cts'] }, null, 2),
    );
    run(requireFromRoot.resolve('typescript/bin/tsc'), ['-p', join(researchDir, 'tsconfig.json')], { cwd: researchDir });
    return `TypeScript ${requireFromRoot('typescript/package.json').version}, skipLibCheck off`;
  });

  const config = join(WORK, 'research.yml');
  writeFileSync(config, 'data:\n  builtin: { days: 10, seed: 4 }\nstrategies:\n  - name: ibs\n    symbols: [ES, NQ, CL]\n    params: { timeframe: hour }\n');
  const source = (commandArgs) => run(process.execPath, ['--conditions=source', '--import', 'tsx', join(ROOT, 'packages/rooney/src/bin.ts'), ...commandArgs], { cwd: ROOT });
  const installedCli = (commandArgs, options = {}) => run(join(researchDir, 'node_modules', '.bin', 'rooney'), commandArgs, { cwd: researchDir, ...options });

  await check('research project: `rooney backtest` from the install writes the same bytes as the source tree', () => {
    const cache = join(WORK, 'cache');
    installedCli(['backtest', '--config', config, '--out', join(WORK, 'bt-installed'), '--cache-dir', cache]);
    source(['backtest', '--config', config, '--out', join(WORK, 'bt-source'), '--cache-dir', join(WORK, 'cache-source')]);
    const files = ['trades.csv', 'equity.csv', 'daily_pnl.csv', 'metrics.json', 'report.html'];
    for (const file of files) {
      assert(readFileSync(join(WORK, 'bt-installed', file), 'utf8') === readFileSync(join(WORK, 'bt-source', file), 'utf8'), `${file} differs between the install and the source tree`);
    }
    const trades = readFileSync(join(WORK, 'bt-installed', 'trades.csv'), 'utf8').trim().split('\n').length - 1;
    assert(trades > 10, `only ${trades} trades`);
    return `${files.length} files identical, ${trades} trades`;
  });

  await check('research project: `rooney sweep --workers 2` (the packaged worker) equals the source tree with one worker', () => {
    const grid = ['--grid', 'ibs.entry_long_below=0.1,0.2', '--grid', 'ibs.exit_long_above=0.7,0.8'];
    installedCli(['sweep', '--config', config, ...grid, '--workers', '2', '--out', join(WORK, 'sweep-installed'), '--cache-dir', join(WORK, 'cache')]);
    source(['sweep', '--config', config, ...grid, '--workers', '1', '--out', join(WORK, 'sweep-source'), '--cache-dir', join(WORK, 'cache-source')]);
    for (const file of ['sweep.csv', 'sweep.json']) {
      assert(readFileSync(join(WORK, 'sweep-installed', file), 'utf8') === readFileSync(join(WORK, 'sweep-source', file), 'utf8'), `${file} differs`);
    }
    return '4 combinations identical';
  });

  await check('research project: a random forest on 2 worker threads from require() equals the ES module build', () => {
    const train = (prefix) =>
      `${prefix}; const { x, y } = syntheticClassification(600, 6, 3); const forest = new RandomForestClassifier({ trees: 8, maxDepth: 6, seed: 5, jobs: 2 }); ` +
      `forest.fitAsync(x, y).then((f) => console.log(JSON.stringify(f.toJSON())));`;
    const fromCjs = node(researchDir, train("const { RandomForestClassifier, syntheticClassification } = require('@rooney/ml')"), 'commonjs');
    const fromEsm = node(researchDir, train("import { RandomForestClassifier, syntheticClassification } from '@rooney/ml'"));
    assert(fromCjs.length > 1000 && fromCjs === fromEsm, 'the forests differ');
    return `${fromCjs.length} bytes of model JSON identical`;
  });

  await check('research project: `rooney live` without @rooney/live fails with one line saying what to install', () => {
    const result = installedCli(['live', '--config', config], { allowFailure: true });
    const lines = result.stderr.trim().split('\n');
    assert(result.status === 1, `exit code ${result.status}`);
    assert(lines.length === 1 && lines[0].includes(`npm install ${LIVE}@${packages[0].version}`), `stderr was:\n${result.stderr}`);
    const version = installedCli(['--version']).stdout.trim();
    assert(version === packages[0].version, `rooney --version printed ${version}`);
    return lines[0].slice(0, 90);
  });
}

// --- 3. A live project: all ten packages, better-sqlite3 from a prebuilt binary ---------------------
/**
 * better-sqlite3's install script first looks for a prebuilt binary (prebuild-install) and only
 * compiles when there is none. Here, where its download host is out of reach, the binary the
 * workspace install built is offered as that prebuilt file, so the check takes seconds, as a
 * user's install does, instead of minutes of compiling.
 */
function localPrebuild() {
  const liveRequire = createRequire(join(ROOT, 'packages', 'live', 'package.json'));
  const sqliteDir = dirname(liveRequire.resolve('better-sqlite3/package.json'));
  const version = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const dir = join(WORK, 'prebuilds');
  mkdirSync(dir);
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['czf', join(dir, file), '-C', sqliteDir, 'build/Release/better_sqlite3.node']);
  return { version, dir };
}

let liveDir;
await check('npm install of all ten packages, with @rooney/live, into a fresh project', () => {
  const prebuild = localPrebuild();
  liveDir = freshProject('live', packages.map((p) => p.tarball), ['@types/node@20'], { overrides: { 'better-sqlite3': prebuild.version } }, { npm_config_better_sqlite3_local_prebuilds: prebuild.dir });
  const native = nativeFiles(join(liveDir, 'node_modules'));
  assert(native.length === 1 && native[0].includes(join('better-sqlite3', 'build', 'Release')), `native addons: ${native.join(', ') || 'none'}`);
  return `better-sqlite3 ${prebuild.version} from a prebuilt binary`;
});

if (liveDir !== undefined) {
  await check('live project: every package, @rooney/live included, loads from ESM and CommonJS', () => checkModuleFormats(liveDir, packages));

  await check('live project: the trade store opens through the native addon, from ESM and CommonJS', () => {
    const code = (load, file) => `${load}; const store = new TradeStore(${JSON.stringify(join(WORK, file))}, { clock: { now: () => 0 } }); console.log(store.nextOrderId()); store.close();`;
    assert(node(liveDir, code("import { TradeStore } from '@rooney/live'", 'store-esm.sqlite')) === '1', 'ESM: no fresh store');
    assert(node(liveDir, code("const { TradeStore } = require('@rooney/live')", 'store-cjs.sqlite'), 'commonjs') === '1', 'CommonJS: no fresh store');
    assert(existsSync(join(WORK, 'store-esm.sqlite')) && existsSync(join(WORK, 'store-cjs.sqlite')), 'no SQLite files written');
  });

  await check('live project: `rooney live --preflight-only` loads the live stack (fails only on the missing API key)', () => {
    const config = join(WORK, 'live.yml');
    writeFileSync(config, `strategies:\n  - name: ibs\n    symbols: [ES]\nlive:\n  symbols: { ES: ES.c.0 }\n  store: ${join(WORK, 'live-store.sqlite')}\n`);
    const result = run(join(liveDir, 'node_modules', '.bin', 'rooney'), ['live', '--config', config, '--preflight-only'], { cwd: liveDir, allowFailure: true, env: { ...CLEAN_ENV, DATABENTO_API_KEY: '' } });
    assert(result.status === 1 && result.stderr.includes('preflight ok   trade store') && result.stderr.includes('DATABENTO_API_KEY'), `exit ${result.status}\n${result.stderr}`);
    return 'trade store ok, env check fails as it should';
  });

  await check('live project: a tslab notebook imports all ten packages (CommonJS) and matches the ES module build', () => {
    const python = '/usr/bin/python3';
    const ready = spawnSync(python, ['-c', 'import nbconvert, nbclient, jupyter_client, IPython'], { encoding: 'utf8' });
    assert(ready.status === 0, 'Jupyter (nbconvert) is missing under /usr/bin/python3: run `bash scripts/notebooks.sh` once, which installs it');
    const tslab = join(ROOT, 'notebooks', 'node_modules', '.bin', 'tslab');
    assert(existsSync(tslab), 'tslab is missing: pnpm install');
    // A kernel spec of our own in a private JUPYTER_PATH: the machine's registered kernels are left alone.
    const kernelDir = join(WORK, 'jupyter', 'kernels', 'tslab-package-check');
    mkdirSync(kernelDir, { recursive: true });
    writeFileSync(join(kernelDir, 'kernel.json'), JSON.stringify({ argv: [tslab, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript (package check)', language: 'typescript' }));
    const summary = [
      "const es = generateSyntheticDataset({ symbols: ['ES'], start: '2024-03-04', days: 5, seed: 11 }).get('ES')!;",
      "const hours = consolidateBars(es, 3_600_000);",
      "const result = runBacktest({ series: [es, hours], strategies: [new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'hour' } })], startingCash: 100_000 });",
      "console.log(`SUMMARY ${result.trades.length} trades, equity ${result.finalEquity.toFixed(2)}, net ${result.trades.reduce((sum, t) => sum + t.netPnl, 0).toFixed(2)}`);",
    ];
    const cells = [
      [
        "import { runBacktest } from '@rooney/core';",
        "import { consolidateBars, generateSyntheticDataset } from '@rooney/data';",
        "import { IbsStrategy } from '@rooney/strategies';",
        "import { computePerformance } from '@rooney/portfolio';",
        "import { RSI } from '@rooney/indicators';",
        "import { RandomForestClassifier } from '@rooney/ml';",
        "import { renderReport } from '@rooney/report';",
        "import { WallClock } from '@rooney/databento';",
        "import { TradeStore } from '@rooney/live';",
        "import { runBacktestJob } from 'rooney';",
        "console.log('LOADED', [runBacktest, consolidateBars, IbsStrategy, computePerformance, RSI, RandomForestClassifier, renderReport, WallClock, TradeStore, runBacktestJob].every((f) => typeof f === 'function'));",
        "console.log('RESOLVED', ['@rooney/core', '@rooney/live', 'rooney'].map((name) => require.resolve(name).endsWith('.cjs')).join(','));",
      ].join('\n'),
      summary.join('\n'),
    ];
    const notebook = {
      cells: cells.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { name: 'tslab-package-check', display_name: 'TypeScript (package check)', language: 'typescript' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(liveDir, 'check.ipynb'), JSON.stringify(notebook));
    const out = join(WORK, 'notebook-out');
    const executed = run(python, ['-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', 'check.ipynb', '--output-dir', out, '--allow-errors', '--ExecutePreprocessor.timeout=300', '--ExecutePreprocessor.kernel_name=tslab-package-check'], {
      cwd: liveDir,
      env: { ...CLEAN_ENV, JUPYTER_PATH: join(WORK, 'jupyter') },
      allowFailure: true,
    });
    const text = existsSync(join(out, 'check.ipynb'))
      ? JSON.parse(readFileSync(join(out, 'check.ipynb'), 'utf8')).cells.flatMap((cell) => cell.outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? (o.traceback ?? []).join('\n'))))).join('')
      : '';
    assert(executed.status === 0 && text.includes('LOADED true'), `the notebook failed (exit ${executed.status}):\n${text}\n${executed.stderr.slice(-2000)}`);
    assert(text.includes('RESOLVED true,true,true'), `tslab did not load the CommonJS builds:\n${text}`);
    const fromNotebook = /SUMMARY .*/.exec(text)?.[0];
    const fromEsm = node(
      liveDir,
      [
        "import { runBacktest } from '@rooney/core'; import { consolidateBars, generateSyntheticDataset } from '@rooney/data';",
        "import { IbsStrategy } from '@rooney/strategies';",
        ...summary.map((line) => line.replace("get('ES')!", "get('ES')")),
      ].join('\n'),
    );
    assert(fromNotebook !== undefined && fromNotebook === fromEsm, `notebook: ${fromNotebook}, ES module build: ${fromEsm}`);
    return fromNotebook;
  });
}

if (args.has('--keep')) console.log(`kept ${WORK}`);
else rmSync(WORK, { recursive: true, force: true });
console.log(`${failures === 0 ? 'all package checks passed' : `${failures} package check(s) failed`} in ${seconds(started)} s`);
process.exit(failures === 0 ? 0 : 1);
