import { RooneyError } from '@rooney/core';
import { WallClock } from '@rooney/databento';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseIntegerOption } from '../cli-support.ts';
// Type-only: erased at build time, so registering the command loads nothing of the live stack.
import type { LiveCommandFlags } from './live.ts';

/** The package `rooney live` needs, installed separately (it brings the native SQLite addon). */
export const LIVE_PACKAGE = '@rooney/live';

/** What `rooney live` loads when it runs: the command's code (which imports `@rooney/live`). */
export interface LiveModules {
  readonly runLive: typeof import('./live.ts').runLive;
  readonly loadLiveConfigFile: typeof import('./live.ts').loadLiveConfigFile;
  readonly runLiveReconcile: typeof import('./live-ops.ts').runLiveReconcile;
  readonly runLiveStatus: typeof import('./live-ops.ts').runLiveStatus;
}

/** Whether `error` says that `specifier` could not be found (ESM `import` or CommonJS `require`). */
function isMissingModule(error: unknown, specifier: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && typeof message === 'string' && message.includes(`'${specifier}'`);
}

/**
 * Turns a failure to load the live stack into one clear line: the live package is an optional
 * peer of the CLI (`npm i rooney` never compiles a native addon), so a user who runs `rooney live`
 * without it is told what to install. Other errors are returned unchanged.
 */
export function explainLiveLoadError(error: unknown, cliVersion: string): unknown {
  if (isMissingModule(error, LIVE_PACKAGE)) {
    return new RooneyError(
      'missing_package',
      `rooney live needs the ${LIVE_PACKAGE} package, which is not installed: run \`npm install ${LIVE_PACKAGE}@${cliVersion}\` where rooney is installed (it adds the native SQLite addon better-sqlite3 for the trade store; backtests never need it)`,
    );
  }
  if (isMissingModule(error, 'better-sqlite3')) {
    return new RooneyError(
      'missing_package',
      `${LIVE_PACKAGE} is installed but its dependency better-sqlite3 is missing: reinstall it with \`npm install ${LIVE_PACKAGE}@${cliVersion}\``,
    );
  }
  return error;
}

/** Loads the live command's code, and with it `@rooney/live`, only now (see {@link explainLiveLoadError}). */
export async function loadLiveModules(cliVersion: string, importModules: () => Promise<LiveModules> = importLiveModules): Promise<LiveModules> {
  try {
    return await importModules();
  } catch (error) {
    throw explainLiveLoadError(error, cliVersion);
  }
}

async function importLiveModules(): Promise<LiveModules> {
  const { runLive, loadLiveConfigFile } = await import('./live.ts');
  const { runLiveReconcile, runLiveStatus } = await import('./live-ops.ts');
  return { runLive, loadLiveConfigFile, runLiveReconcile, runLiveStatus };
}

type LiveCliFlags = LiveCommandFlags;

/**
 * Registers `rooney live`. Only the command's name, help and options are declared here; its code
 * and `@rooney/live` (with the native SQLite addon) are imported when the command runs, so every
 * other command, and `import 'rooney'`, works without the live package installed.
 */
export function registerLiveCommand(program: Command, cliVersion: string): void {
  const live = program
    .command('live')
    .description(
      `Run the config's strategies live: Databento 1-minute bars in, TradersPost webhook signals out. Secrets come from environment variables (DATABENTO_API_KEY, TRADERSPOST_WEBHOOK_URL by default). Stops cleanly on SIGINT/SIGTERM; a restart restores positions and working orders from the trade store. Needs the ${LIVE_PACKAGE} package (npm install ${LIVE_PACKAGE}).`,
    )
    .option('--config <file>', 'YAML config with a live: section (required)')
    .option('--dry-run', 'log the signals instead of posting them (a separate account in the store)')
    .option('--preflight-only', 'run the preflight checks (and show what a start would restore) and exit')
    .option(
      '--heartbeat-file <file>',
      'the status JSON rewritten at every heartbeat, for `rooney live status` and liveness probes (default $ROONEY_HEARTBEAT_FILE, else live.heartbeat_file of the config)',
    )
    .action(async (flags: Partial<LiveCliFlags>) => {
      if (flags.config === undefined) throw new RooneyError('bad_option', "rooney live needs --config FILE (a config with a live: section); see 'rooney live --help'");
      const { runLive } = await loadLiveModules(cliVersion);
      const heartbeatPath = flags.heartbeatFile ?? process.env.ROONEY_HEARTBEAT_FILE;
      await runLive(
        {
          config: flags.config,
          ...(flags.dryRun === true ? { dryRun: true } : {}),
          ...(flags.preflightOnly === true ? { preflightOnly: true } : {}),
          ...(heartbeatPath !== undefined && heartbeatPath !== '' ? { heartbeatFile: heartbeatPath } : {}),
        },
        {
          env: process.env,
          clock: new WallClock(),
          writeLog: (line) => process.stdout.write(line),
          writeText: (line) => process.stderr.write(`${line}\n`),
          signals: process,
          exit: (code) => process.exit(code),
        },
      );
    });
  live
    .command('reconcile')
    .description(
      'List the orders whose webhook outcome is unknown (sent, no clear answer; assumed working), or record what the broker shows for one: --order N --filled|--not-filled. A running session applies it at its next heartbeat. Exit code 2 while some order is still unknown.',
    )
    .requiredOption('--config <file>', 'the live config (its store)')
    .option('--dry-run', 'the dry-run account of the store')
    .option('--order <id>', 'the order to reconcile', (text) => parseIntegerOption('--order', text, 1))
    .option('--filled', 'the broker shows the order executed')
    .option('--not-filled', 'the broker shows no trace of the order')
    .option('--note <text>', 'kept with the reconciliation')
    .action(async (flags: { config: string; dryRun?: boolean; order?: number; filled?: boolean; notFilled?: boolean; note?: string }) => {
      const { loadLiveConfigFile, runLiveReconcile } = await loadLiveModules(cliVersion);
      const { live: liveConfig } = loadLiveConfigFile(flags.config);
      process.exitCode = runLiveReconcile(flags.config, liveConfig, flags, { clock: new WallClock(), writeText: (line) => process.stdout.write(`${line}\n`) });
    });
  live
    .command('status')
    .description("Print a running session's heartbeat file; exit 0 when fresh with nothing to act on, 2 when stale or an alert is open (a liveness probe), 1 when missing.")
    .option('--heartbeat <file>', "the heartbeat file (default: the config's live.heartbeat_file)")
    .option('--config <file>', 'the live config (for its heartbeat file and status interval)')
    .option('--stale-after <seconds>', 'how old the file may be (default: 2 × status_interval_s from the config, else 120)', (text) => parseIntegerOption('--stale-after', text, 1))
    .action(async (flags: { heartbeat?: string; config?: string; staleAfter?: number }) => {
      const { loadLiveConfigFile, runLiveStatus } = await loadLiveModules(cliVersion);
      let file = flags.heartbeat ?? (process.env.ROONEY_HEARTBEAT_FILE !== '' ? process.env.ROONEY_HEARTBEAT_FILE : undefined);
      let staleAfter = flags.staleAfter ?? 120;
      if (flags.config !== undefined) {
        const { live: liveConfig } = loadLiveConfigFile(flags.config);
        file ??= isAbsolute(liveConfig.heartbeat_file) ? liveConfig.heartbeat_file : resolve(dirname(resolve(flags.config)), liveConfig.heartbeat_file);
        if (flags.staleAfter === undefined) staleAfter = 2 * liveConfig.status_interval_s;
      }
      if (file === undefined) throw new RooneyError('bad_option', 'rooney live status needs --heartbeat FILE or --config FILE');
      process.exitCode = runLiveStatus(file, staleAfter, { clock: new WallClock(), writeText: (line) => process.stdout.write(`${line}\n`) });
    });
}
