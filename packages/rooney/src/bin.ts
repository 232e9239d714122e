#!/usr/bin/env node
import { RooneyError } from '@rooney/core';
import { buildProgram } from './program.ts';

/** Entry point: runs the CLI; expected failures print one clear line and exit 1, no stack trace. */
async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof RooneyError) {
      process.stderr.write(`rooney: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main();
