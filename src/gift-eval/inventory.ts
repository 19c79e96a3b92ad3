/**
 * What a GIFT_EVAL root holds: every catalogue folder, whether its Arrow file is there, its size,
 * and the configurations it feeds (`tsagentkit gift-eval list`).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS, configurationName } from './configurations.js';
import { ARROW_FILE } from './reader.js';

export interface InventoryRow {
  readonly dir: string;
  readonly present: boolean;
  readonly bytes: number;
  readonly configurations: readonly string[];
  readonly domain: string;
  readonly numVariates: number;
}

export function inventory(root: string): InventoryRow[] {
  return DATASETS.map((d) => {
    const file = join(root, d.dir, ARROW_FILE);
    const present = existsSync(file);
    return {
      dir: d.dir,
      present,
      bytes: present ? statSync(file).size : 0,
      configurations: d.terms.map((t) => configurationName(d, t)),
      domain: d.domain,
      numVariates: d.numVariates,
    };
  });
}
