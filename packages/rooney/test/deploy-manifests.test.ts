import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { ConfigMap, PersistentVolumeClaim, Secret } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { loadLiveConfigFile } from '../src/commands/live.ts';
import { validateConfig } from '../src/config/load-config.ts';

// Lints deploy/ offline, as `kubeconform -strict` and a Dockerfile linter would: every Kubernetes
// manifest against the Kubernetes API's JSON schemas (kubernetes-models, ajv: types, enums,
// required fields) and, for unknown or misspelt fields, against the API's TypeScript types
// (kubernetes-types, excess property checks); the Dockerfile with dockerfile-utils (the Docker
// language server's validator); the systemd units for their keys. Then checks what the files
// promise one another: names, mounts, probes, secrets, the shard count.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');

interface Manifest {
  readonly file: string;
  readonly index: number;
  readonly value: Record<string, any>;
}

function manifests(): Manifest[] {
  const out: Manifest[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else if (name.name.endsWith('.yaml') && name.name !== 'kustomization.yaml') {
        parseAllDocuments(readFileSync(path, 'utf8')).forEach((document, index) => {
          expect(document.errors, `${relative(ROOT, path)}: YAML errors`).toEqual([]);
          out.push({ file: relative(ROOT, path), index, value: document.toJS() });
        });
      }
    }
  };
  walk(join(DEPLOY, 'kubernetes'));
  return out;
}

const MODELS: Record<string, { new (value: any): { validate(): void }; types: string }> = {
  'v1/ConfigMap': Object.assign(ConfigMap, { types: 'import("kubernetes-types/core/v1").ConfigMap' }),
  'v1/PersistentVolumeClaim': Object.assign(PersistentVolumeClaim, { types: 'import("kubernetes-types/core/v1").PersistentVolumeClaim' }),
  'v1/Secret': Object.assign(Secret, { types: 'import("kubernetes-types/core/v1").Secret' }),
  'batch/v1/Job': Object.assign(Job, { types: 'import("kubernetes-types/batch/v1").Job' }),
  'apps/v1/Deployment': Object.assign(Deployment, { types: 'import("kubernetes-types/apps/v1").Deployment' }),
};

const ALL = manifests();
const find = (kind: string, name: string): Record<string, any> => {
  const found = ALL.find((m) => m.value.kind === kind && m.value.metadata?.name === name);
  expect(found, `${kind} ${name}`).toBeDefined();
  return found!.value;
};

/** Type-checks `source` (a virtual file at the repository root) with the workspace's TypeScript. */
function typeErrors(source: string): string[] {
  const file = join(ROOT, 'deploy', '__manifests__.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('deploy/kubernetes', () => {
  it('has the sweep Job, its merge Job and the live Deployment with their volumes, configs and secret', () => {
    expect(ALL.map((m) => `${m.value.kind}/${m.value.metadata.name}`).sort()).toEqual([
      'ConfigMap/rooney-live-config',
      'ConfigMap/rooney-research-config',
      'Deployment/rooney-live',
      'Job/rooney-sweep-ibs',
      'Job/rooney-sweep-ibs-merge',
      'PersistentVolumeClaim/rooney-live-store',
      'PersistentVolumeClaim/rooney-market-data',
      'PersistentVolumeClaim/rooney-sweep-results',
      'Secret/rooney-live-secrets',
    ]);
  });

  it('every manifest validates against the Kubernetes JSON schemas', () => {
    for (const m of ALL) {
      const Model = MODELS[`${m.value.apiVersion}/${m.value.kind}`];
      expect(Model, `${m.file}: no schema for ${m.value.apiVersion} ${m.value.kind}`).toBeDefined();
      expect(() => new Model(m.value).validate(), `${m.file}#${m.index}`).not.toThrow();
    }
    // The validator does catch mistakes (a wrong type, a bad enum value, a missing field).
    const job = structuredClone(find('Job', 'rooney-sweep-ibs'));
    job.spec.completionMode = 'Sequential';
    expect(() => new Job(job).validate()).toThrow(/completionMode/);
    const deployment = structuredClone(find('Deployment', 'rooney-live'));
    deployment.spec.replicas = '1';
    expect(() => new Deployment(deployment).validate()).toThrow(/replicas/);
  }, 30_000);

  it('no manifest has an unknown or misspelt field (strict, as kubeconform -strict)', () => {
    const source = ALL.map((m, i) => `export const m${i}: ${MODELS[`${m.value.apiVersion}/${m.value.kind}`].types} = ${JSON.stringify(m.value)};`).join('\n');
    expect(typeErrors(source)).toEqual([]);
    const misspelt = structuredClone(find('Job', 'rooney-sweep-ibs'));
    misspelt.spec.template.spec.restartPolicyy = 'Never';
    expect(typeErrors(`export const m: ${MODELS['batch/v1/Job'].types} = ${JSON.stringify(misspelt)};`).join('\n')).toMatch(/restartPolicyy/);
  }, 60_000);

  it('the sweep: an Indexed Job whose shard count is its completions, data read-only, results shared, merge as a follow-up', () => {
    const job = find('Job', 'rooney-sweep-ibs');
    const spec = job.spec;
    const container = spec.template.spec.containers[0];
    const command = container.args.join(' ');
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.parallelism).toBe(spec.completions);
    expect(command).toContain(`--shard "\${JOB_COMPLETION_INDEX}/${spec.completions}"`);
    expect(command).toContain('--out "/results/shard-${JOB_COMPLETION_INDEX}"');
    expect(spec.template.spec.restartPolicy).toBe('Never');
    const mounts = Object.fromEntries(container.volumeMounts.map((m: any) => [m.name, m]));
    const volumes = Object.fromEntries(spec.template.spec.volumes.map((v: any) => [v.name, v]));
    expect(mounts.data.readOnly).toBe(true);
    expect(volumes.data.persistentVolumeClaim).toEqual({ claimName: 'rooney-market-data', readOnly: true });
    expect(find('PersistentVolumeClaim', 'rooney-sweep-results').spec.accessModes).toEqual(['ReadWriteMany']);
    expect(volumes.results.persistentVolumeClaim.claimName).toBe('rooney-sweep-results');
    expect(volumes.config.configMap.name).toBe('rooney-research-config');
    const merge = find('Job', 'rooney-sweep-ibs-merge').spec.template.spec;
    expect(merge.containers[0].args.join(' ')).toMatch(/^exec rooney sweep merge \/results\/shard-\* --out \/results\/merged$/);
    expect(merge.volumes.find((v: any) => v.name === 'results').persistentVolumeClaim.claimName).toBe('rooney-sweep-results');
    // The research config in the ConfigMap is a valid Rooney config reading its data from /data.
    const research = parseYaml(find('ConfigMap', 'rooney-research-config').data['research.yaml']);
    const config = validateConfig(research);
    expect(Object.values(config.data.files ?? {}).every((path) => path.startsWith('/data/'))).toBe(true);
  });

  it('live: one replica, Recreate, store on a volume, secrets from the Secret, heartbeat-file probes, shutdown inside the grace period', () => {
    const deployment = find('Deployment', 'rooney-live');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    // GracefulShutdown gives up after 30 s (its default timeoutMs): the grace period must be longer.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(30);
    const heartbeat = container.args[container.args.indexOf('--heartbeat-file') + 1];
    expect(heartbeat).toBe('/var/lib/rooney/heartbeat.json');
    for (const probe of [container.livenessProbe, container.startupProbe]) expect(probe.exec.command.join(' ')).toContain(`find ${heartbeat} -mmin -3`);
    const store = container.volumeMounts.find((m: any) => m.name === 'store');
    expect(heartbeat.startsWith(`${store.mountPath}/`)).toBe(true);
    expect(pod.volumes.find((v: any) => v.name === 'store').persistentVolumeClaim.claimName).toBe('rooney-live-store');
    expect(find('PersistentVolumeClaim', 'rooney-live-store').spec.accessModes).toEqual(['ReadWriteOnce']);
    // Secrets: every variable comes from the Secret by a key the Secret has, and none is inline.
    const secret = find('Secret', 'rooney-live-secrets');
    for (const variable of container.env) {
      expect(variable.value, variable.name).toBeUndefined();
      expect(variable.valueFrom.secretKeyRef.name).toBe('rooney-live-secrets');
      expect(Object.keys(secret.stringData)).toContain(variable.valueFrom.secretKeyRef.key);
    }
    // The live config in the ConfigMap loads as `rooney live` loads it, naming those variables, with the store on the volume.
    const dir = mkdtempSync(join(tmpdir(), 'rooney-deploy-'));
    writeFileSync(join(dir, 'live.yml'), find('ConfigMap', 'rooney-live-config').data['live.yml']);
    const { live } = loadLiveConfigFile(join(dir, 'live.yml'));
    expect(container.env.map((e: any) => e.name).sort()).toEqual([live.api_key_env, live.webhook_url_env].sort());
    expect(live.store.startsWith(`${store.mountPath}/`)).toBe(true);
    // The probe's 3 minutes cover several heartbeats.
    expect(live.status_interval_s * 3).toBeLessThanOrEqual(180);
  }, 30_000);

  it('every pod runs as a non-root user with a read-only root file system and no added privileges', () => {
    for (const m of ALL.filter((x) => x.value.kind === 'Job' || x.value.kind === 'Deployment')) {
      const pod = m.value.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, m.file).toBe(true);
      expect(pod.securityContext.runAsUser, m.file).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext, m.file).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(container.image, m.file).toMatch(/^ghcr\.io\/rooney-research\/rooney:\d+\.\d+\.\d+(-live)?$/);
        expect(container.resources.requests.cpu, m.file).toBeDefined();
        // Every mount names a volume of the pod.
        for (const mount of container.volumeMounts) expect(pod.volumes.map((v: any) => v.name), m.file).toContain(mount.name);
      }
    }
  });

  it('each kustomization lists files that exist (and never the example Secret)', () => {
    for (const dir of ['sweep', 'live']) {
      const kustomization = parseYaml(readFileSync(join(DEPLOY, 'kubernetes', dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
      for (const resource of kustomization.resources) expect(existsSync(join(DEPLOY, 'kubernetes', dir, resource)), resource).toBe(true);
      expect(kustomization.resources).not.toContain('secret.example.yaml');
    }
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');

  it('passes the Docker language server\'s validator with no diagnostics (and the validator does catch errors)', () => {
    expect(validateDockerfile(dockerfile, {}).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(validateDockerfile('FROM node:20-bookworm-slim\nRUNN npm ci\nUSER\n', {}).map((d) => d.message)).toEqual(['Unknown instruction: RUNN', 'Instruction has no arguments']);
  }, 30_000);

  it('builds on Node 20 slim, runs as the unprivileged node user under tini, copies only what exists', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-[a-z]+-slim$/m);
    const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ from: m[1], name: m[2] }));
    expect(stages.map((s) => s.name)).toEqual(['build', 'install-cli', 'install-live', 'runtime', 'live', 'cli']);
    // The two images users run, and the default (last) one, end as the node user.
    for (const target of ['live', 'cli']) {
      const body = dockerfile.split(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'))[1].split(/^FROM /m)[0];
      expect(body, target).toMatch(/^USER node$/m);
    }
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "rooney"]');
    // The research image installs every tarball but the live one: no native addon.
    expect(dockerfile).toMatch(/grep -v rooney-live-/);
    // Every COPY source from the build context exists.
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of match[1].split(/\s+/)) expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
    // No secret is baked in.
    expect(dockerfile).not.toMatch(/API_KEY|WEBHOOK_URL|TOKEN/);
  });

  it('its ignore file keeps dependencies, builds, data and secrets out of the build context', () => {
    const ignore = readFileSync(join(DEPLOY, 'Dockerfile.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '.git', 'datasets', '**/.env', '**/*.sqlite']) expect(ignore).toContain(pattern);
  });
});

describe('deploy/systemd', () => {
  /** Sections and keys of a unit file (the INI dialect systemd reads). */
  function unit(file: string): Record<string, Record<string, string[]>> {
    const sections: Record<string, Record<string, string[]>> = {};
    let current: Record<string, string[]> | undefined;
    for (const line of readFileSync(join(DEPLOY, 'systemd', file), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      const section = /^\[(\w+)\]$/.exec(line);
      if (section !== null) {
        current = sections[section[1]] = {};
        continue;
      }
      const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
      expect(pair, `${file}: ${line}`).not.toBeNull();
      expect(current, `${file}: ${line} outside a section`).toBeDefined();
      (current![pair![1]] ??= []).push(pair![2]);
    }
    return sections;
  }

  it('runs rooney live as its own user, restarts it on failure, reads secrets from a root-only file, stops it gracefully', () => {
    const service = unit('rooney-live.service');
    expect(Object.keys(service)).toEqual(['Unit', 'Service', 'Install']);
    const s = service.Service;
    expect(s.Restart).toEqual(['on-failure']);
    expect(s.User).toEqual(['rooney']);
    expect(s.EnvironmentFile).toEqual(['/etc/rooney/live.env']);
    expect(s.ExecStart[0]).toMatch(/^\/usr\/bin\/rooney live --config \/etc\/rooney\/live\.yml --heartbeat-file \/var\/lib\/rooney\/heartbeat\.json$/);
    expect(s.KillSignal).toEqual(['SIGTERM']);
    expect(Number(s.TimeoutStopSec[0])).toBeGreaterThan(30); // graceful shutdown gives up after 30 s
    expect(s.ReadWritePaths).toEqual(['/var/lib/rooney']);
    expect(service.Install.WantedBy).toEqual(['multi-user.target']);
    // No secret in the unit itself.
    expect(JSON.stringify(service)).not.toMatch(/API_KEY=|WEBHOOK_URL=/);
  });

  it('the watchdog timer restarts the service when the heartbeat file is stale, with $ escaped for systemd', () => {
    const watchdog = unit('rooney-live-watchdog.service');
    const command = watchdog.Service.ExecStart[0];
    expect(command).toContain('find /var/lib/rooney/heartbeat.json -mmin -3');
    expect(command).toContain('systemctl restart rooney-live.service');
    // systemd expands `$NAME` itself: every `$` meant for the shell must be written `$$`.
    expect(command.replace(/\$\$/g, '')).not.toContain('$');
    expect(unit('rooney-live-watchdog.timer').Timer.OnUnitActiveSec).toEqual(['60s']);
  });
});
