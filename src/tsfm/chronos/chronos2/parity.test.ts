/**
 * Chronos-2 against upstream: every case of the random-s0 fixture (recorded from upstream PyTorch)
 * through our pipeline and model, under the file's own tolerance rule; and the CLI around it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../../cli/commands/parity.js';
import { formatCaseLine, runParityFile } from '../../parity/runner.js';

const caseFile = fileURLToPath(new URL('../../../../test/fixtures/chronos2/random-s0.cases.json', import.meta.url));

describe('Chronos-2 parity with upstream (random-s0)', () => {
  it('passes all 24 cases', async () => {
    const report = await runParityFile(caseFile, { engine: { intraOpNumThreads: 1 } });
    const failing = report.cases.filter((c) => !c.pass).map(formatCaseLine);
    expect(failing).toEqual([]);
    expect(report.cases.length).toBe(24);
    expect(report.cases.filter((c) => c.level === 'model').length).toBe(3);
    // Every case has a real comparison behind it (no output key skipped).
    for (const c of report.cases) expect(c.outputs.length).toBe(c.level === 'model' ? 1 : 3);
  });
});

describe('tsagentkit parity (command)', () => {
  const out: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    out.length = 0;
  });

  async function run(args: string[]): Promise<{ exit: number | undefined; stdout: string; stderr: string }> {
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
    let exit: number | undefined;
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exit = code;
      throw new Error('exit');
    }) as never);
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['node', 'tsagentkit', 'parity', ...args]).catch((e: Error) => {
      if (e.message !== 'exit') throw e;
    });
    return { exit: exit ?? (process.exitCode as number | undefined), stdout: out.join(''), stderr: stderr.join('') };
  }

  it('prints a line per case and a summary, writes --json, exits 0 when all pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-cli-'));
    const json = path.join(dir, 'report.json');
    const r = await run([caseFile, '--case', 'short_single_series', 'model_forward_short', '--json', json, '--threads', '1']);
    expect(r.exit ?? 0).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}short_single_series {2}\[pipeline\] {2}max\|err\| \S+ {2}worst err\/tol 0\.\d{4}/m);
    expect(r.stdout).toMatch(/^PASS {2}model_forward_short {2}\[model\]/m);
    expect(r.stdout).toMatch(/^2\/2 cases pass \(chronos2, random-s0\.cases\.json\)/m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.cases.map((c: { name: string; pass: boolean }) => [c.name, c.pass])).toEqual([
      ['short_single_series', true],
      ['model_forward_short', true],
    ]);
  });

  it('exits 1 when a case fails', async () => {
    // The stored output of one case is moved far outside the tolerance.
    const file = JSON.parse(readFileSync(caseFile, 'utf8'));
    const c = file.cases.find((x: { name: string }) => x.name === 'model_forward_short');
    c.outputs.quantile_preds[0][0][0] += 1;
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-cli-'));
    file.checkpoint_dir = path.relative(dir, path.join(path.dirname(caseFile), 'checkpoints/random-s0'));
    const altered = path.join(dir, 'altered.cases.json');
    writeFileSync(altered, JSON.stringify(file));
    const r = await run([altered, '--case', 'model_forward_short', 'short_single_series']);
    expect(r.exit).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}model_forward_short/m);
    expect(r.stdout).toMatch(/^PASS {2}short_single_series/m);
    expect(r.stdout).toMatch(/^1\/2 cases pass/m);
  });

  it('exits 2 with a typed error and no stack trace on an invalid file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-cli-'));
    const bad = path.join(dir, 'bad.cases.json');
    writeFileSync(bad, '{"family": "chronos2"}');
    const r = await run([bad]);
    expect(r.exit).toBe(2);
    expect(r.stderr).toMatch(/^error E_PARITY_FILE_INVALID: .*checkpoint_dir/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
