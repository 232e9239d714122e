import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset, writeArrowBars } from '@rooney/data';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { TSX_LOADER } from './support/spawn-cli.ts';

// Runs deploy/kubernetes/sweep/sweep-job.yaml the way Kubernetes runs an Indexed Job, on this
// machine: `completions` processes (two at a time), each given JOB_COMPLETION_INDEX = 0..N-1 and the
// container's env, running the container's `sh -c` command verbatim, with each volume's mount path
// standing for a local directory (as a mount makes it exist). `rooney` on PATH is the CLI from
// source. Then the merge Job's command, then one unsharded run: the merged files must equal it.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SWEEP_DIR = join(ROOT, 'deploy/kubernetes/sweep');
const work = mkdtempSync(join(tmpdir(), 'rooney-k8s-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const job = parseYaml(readFileSync(join(SWEEP_DIR, 'sweep-job.yaml'), 'utf8'));
const mergeJob = parseYaml(readFileSync(join(SWEEP_DIR, 'merge-job.yaml'), 'utf8'));
const configMap = parseYaml(readFileSync(join(SWEEP_DIR, 'research-config.yaml'), 'utf8'));
const container = job.spec.template.spec.containers[0];
const mergeContainer = mergeJob.spec.template.spec.containers[0];

/** Mount path → local directory, for every mount of both Jobs. */
const mounts = new Map<string, string>();
for (const mount of [...container.volumeMounts, ...mergeContainer.volumeMounts] as { name: string; mountPath: string }[]) {
  if (!mounts.has(mount.mountPath)) mounts.set(mount.mountPath, join(work, 'volumes', mount.name));
}
const mountPattern = new RegExp(
  `(?<=^|[\\s"'=:{,])(${[...mounts.keys()].sort((a, b) => b.length - a.length).map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})(?=/|$|[\\s"',}])`,
  'g',
);
/** `text` with every mount path replaced by its local directory (one pass: a replaced path is never replaced again). */
const local = (text: string): string => text.replace(mountPattern, (path) => mounts.get(path)!);

/** Runs a container command (`command: [sh, -c]`, `args: [script]`) with `rooney` from source on PATH. */
function runContainer(spec: { command: string[]; args: string[]; env?: { name: string; value: string }[] }, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  expect(spec.command).toEqual(['sh', '-c']);
  const containerEnv = Object.fromEntries((spec.env ?? []).map((e) => [e.name, local(e.value)]));
  const child = spawn('sh', ['-c', local(spec.args.join(' '))], {
    cwd: join(work, 'workdir'),
    env: { ...process.env, ...containerEnv, ...env, PATH: `${join(work, 'bin')}${delimiter}${process.env.PATH}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('the Kubernetes Indexed Job sweep, run locally', () => {
  it('N processes with JOB_COMPLETION_INDEX 0..N-1 as the manifest passes it, merged, equal the single run byte for byte', async () => {
    for (const dir of [...mounts.values(), join(work, 'workdir'), join(work, 'bin')]) mkdirSync(dir, { recursive: true });
    // The executable the image puts on PATH, here the CLI from source.
    const shim = join(work, 'bin', 'rooney');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --conditions=source --import "${TSX_LOADER}" "${join(ROOT, 'packages/rooney/src/bin.ts')}" "$@"\n`);
    chmodSync(shim, 0o755);
    // The ConfigMap's file, where the config volume is mounted; the data volume's Arrow files.
    const configMount = container.volumeMounts.find((m: { name: string }) => m.name === 'config').mountPath;
    writeFileSync(join(mounts.get(configMount)!, 'research.yaml'), local(configMap.data['research.yaml']));
    const files = parseYaml(configMap.data['research.yaml']).data.files as Record<string, string>;
    const data = generateSyntheticDataset({ symbols: Object.keys(files), start: '2024-01-02', days: 12, seed: 9 });
    for (const [symbol, path] of Object.entries(files)) writeArrowBars(local(path), data.get(symbol)!);

    const shards = job.spec.completions as number;
    expect(job.spec.completionMode).toBe('Indexed');
    expect(shards).toBeGreaterThan(1);
    // Kubernetes runs the pods at once; two at a time here keeps a 2-core test machine responsive
    // (each shard is independent, so the order cannot change its output).
    const runs: { code: number | null; stderr: string }[] = [];
    for (let first = 0; first < shards; first += 2) {
      const batch = Array.from({ length: Math.min(2, shards - first) }, (_, k) => runContainer(container, { JOB_COMPLETION_INDEX: String(first + k) }));
      runs.push(...(await Promise.all(batch)));
    }
    runs.forEach((run, index) => expect(run.code, `shard ${index}: ${run.stderr}`).toBe(0));
    const results = mounts.get('/results')!;
    expect(readdirSync(results).sort()).toEqual(Array.from({ length: shards }, (_, i) => `shard-${i}`).sort());

    const merge = await runContainer(mergeContainer, {});
    expect(merge.code, merge.stderr).toBe(0);

    // The single run: the same command without --shard, into its own directory.
    const script = container.args.join(' ') as string;
    expect(script).toMatch(/ --shard "\$\{JOB_COMPLETION_INDEX\}\/\d+"/);
    const single = await runContainer(
      { ...container, args: [script.replace(/ --shard "\$\{JOB_COMPLETION_INDEX\}\/\d+"/, '').replace(/--out "[^"]+"/, '--out "/results/single"')] },
      {},
    );
    expect(single.code, single.stderr).toBe(0);

    for (const file of ['sweep.csv', 'sweep.json', 'report.html']) {
      expect(readFileSync(join(results, 'merged', file), 'utf8'), file).toBe(readFileSync(join(results, 'single', file), 'utf8'));
    }
    // Every combination of the manifest's grid ran exactly once, spread over the shards.
    const rows = readFileSync(join(results, 'merged', 'sweep.csv'), 'utf8').trim().split('\n').slice(1);
    const gridSize = [...script.matchAll(/--grid '[^=]+=([\d.]+):([\d.]+):([\d.]+)'/g)].reduce((n, [, start, stop, step]) => n * (Math.round((Number(stop) - Number(start)) / Number(step)) + 1), 1);
    expect(rows).toHaveLength(gridSize);
    const shardRows = Array.from({ length: shards }, (_, i) => readFileSync(join(results, `shard-${i}`, 'sweep.csv'), 'utf8').trim().split('\n').length - 1);
    expect(shardRows.reduce((a, b) => a + b, 0)).toBe(gridSize);
    expect(Math.max(...shardRows) - Math.min(...shardRows)).toBeLessThanOrEqual(1);
  }, 600_000);
});
