#!/usr/bin/env node
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { exitWithError } from './exit.js';

const program = new Command();
program
  .name('tsagentkit')
  .description('Time-series forecasting engine: TSFMs on onnxruntime-node with statistical fallbacks.')
  .version('0.1.0')
  .showHelpAfterError();

for (const register of commands) register(program);

program.parseAsync(process.argv).catch(exitWithError);
