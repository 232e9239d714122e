import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerBacktestCommand } from './commands/backtest.ts';
import { registerCacheCommand } from './commands/cache.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerIndicatorsCommand } from './commands/indicators.ts';
import { registerLiveCommand } from './commands/live-command.ts';
import { registerMlCommands } from './commands/ml.ts';
import { registerMlPipelineCommands } from './commands/ml-pipeline.ts';
import { registerMonteCarloCommand } from './commands/montecarlo.ts';
import { registerOptimizeCommand } from './commands/optimize.ts';
import { registerSweepCommand } from './commands/sweep.ts';

/** Builds the `rooney` command with every sub-command registered. */
export function buildProgram(): Command {
  const program = new Command('rooney')
    .description('Systematic futures research: deterministic backtests, indicators, ML veto, portfolio tools.')
    .version(packageJson.version)
    .showHelpAfterError();
  registerBacktestCommand(program);
  registerCacheCommand(program);
  registerDataCommands(program);
  registerIndicatorsCommand(program);
  registerLiveCommand(program, packageJson.version);
  registerMlCommands(program);
  registerMlPipelineCommands(program);
  registerMonteCarloCommand(program);
  registerOptimizeCommand(program);
  registerSweepCommand(program);
  return program;
}
