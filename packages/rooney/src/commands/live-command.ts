import { RooneyError } from '@rooney/core';
import { WallClock } from '@rooney/databento';
import type { Command } from 'commander';
import { HeartbeatFile } from '../live/heartbeat-file.ts';
// Type-only: erased at build time, so registering the command loads nothing of the live stack.
import type { LiveCommandFlags } from './live.ts';

/** The package `rooney live` needs, installed separately (it brings the native SQLite addon). */
export const LIVE_PACKAGE = '@rooney/live';

/** What `rooney live` loads when it runs: the command's code (which imports `@rooney/live`). */
export interface LiveModules {
  readonly runLive: typeof import('./live.ts').runLive;
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
  const { runLive } = await import('./live.ts');
  return { runLive };
}

interface LiveCliFlags extends LiveCommandFlags {
  readonly heartbeatFile?: string;
}

/**
 * Registers `rooney live`. Only the command's name, help and options are declared here; its code
 * and `@rooney/live` (with the native SQLite addon) are imported when the command runs, so every
 * other command, and `import 'rooney'`, works without the live package installed.
 */
export function registerLiveCommand(program: Command, cliVersion: string): void {
  program
    .command('live')
    .description(
      `Run the config's strategies live: Databento 1-minute bars in, TradersPost webhook signals out. Secrets come from environment variables (DATABENTO_API_KEY, TRADERSPOST_WEBHOOK_URL by default). Stops cleanly on SIGINT/SIGTERM. Needs the ${LIVE_PACKAGE} package (npm install ${LIVE_PACKAGE}).`,
    )
    .requiredOption('--config <file>', 'YAML config with a live: section')
    .option('--dry-run', 'log the signals instead of posting them')
    .option('--preflight-only', 'run the preflight checks and exit')
    .option(
      '--heartbeat-file <file>',
      'rewrite this file with the latest heartbeat (JSON) at every heartbeat, for a liveness probe to check its age (default $ROONEY_HEARTBEAT_FILE; none when unset)',
    )
    .action(async (flags: LiveCliFlags) => {
      const { runLive } = await loadLiveModules(cliVersion);
      const heartbeatPath = flags.heartbeatFile ?? process.env.ROONEY_HEARTBEAT_FILE;
      const heartbeat = heartbeatPath !== undefined && heartbeatPath !== '' ? new HeartbeatFile(heartbeatPath) : undefined;
      await runLive(
        { config: flags.config, ...(flags.dryRun === true ? { dryRun: true } : {}), ...(flags.preflightOnly === true ? { preflightOnly: true } : {}) },
        {
          env: process.env,
          clock: new WallClock(),
          writeLog: (line) => {
            process.stdout.write(line);
            heartbeat?.observeLogLine(line);
          },
          writeText: (line) => process.stderr.write(`${line}\n`),
          signals: process,
          exit: (code) => process.exit(code),
        },
      );
    });
}
