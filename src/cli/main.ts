#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { exitWithError } from './exit.js';
import { currentVersions } from '../forecast/versions.js';

const program = new Command();
program
  .name('tsagentkit')
  .description('Time-series forecasting engine: TSFMs on onnxruntime-node with statistical fallbacks.')
  .version(currentVersions().tsagentkit)
  .showHelpAfterError();

for (const register of commands) register(program);

program.parseAsync(process.argv).catch(exitWithError);
