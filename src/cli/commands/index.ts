/**
 * The CLI's command list. Each command lives in its own module and exports `register(program)`;
 * add a new one here.
 */
import type { Command } from 'commander';
import { register as parity } from './parity.js';
import { register as bench } from './bench.js';
import { register as forecast } from './forecast.js';
import { register as validate } from './validate.js';
import { register as backtest } from './backtest.js';
import { register as qa } from './qa.js';
import { register as models } from './models.js';
import { register as giftEval } from './giftEval.js';
import { register as report } from './report.js';
import { register as serve } from './serve.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [parity, bench, forecast, validate, qa, backtest, models, giftEval, report, serve];
