/**
 * Runs a parity case file: read and check the file, load the checkpoint it names (relative to the
 * file's folder) once, replay every case, compare with the stored outputs under the file's rule.
 * A case that throws fails with its error; an unreadable or malformed file is a typed error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EParityFileInvalid, isTSAgentKitError } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import { compareOutputs, summariseCase } from './compare.js';
import { getParityFamily } from './registry.js';
import type { CaseResult, ParityCaseFile, ParityFamily, ParityOutput, ParityReport } from './types.js';

export interface RunParityOptions {
  engine?: EngineOptions;
  /** Only the cases with these names (all when undefined). */
  cases?: readonly string[];
  /** Called after each case, e.g. to print progress. */
  onCase?: (result: CaseResult) => void;
  /** Use this family instead of the one the registry holds for the file's `family`. */
  family?: ParityFamily;
}

export function readParityFile(file: string): ParityCaseFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new EParityFileInvalid(`Cannot read case file ${file}.`, { context: { file }, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new EParityFileInvalid(`Case file ${file} is not valid JSON.`, { context: { file }, cause });
  }
  const f = raw as Partial<ParityCaseFile> | null;
  const problems: string[] = [];
  if (typeof f !== 'object' || f === null || Array.isArray(f)) problems.push('the top level is not an object');
  else {
    if (typeof f.family !== 'string') problems.push('"family" is missing');
    if (typeof f.checkpoint_dir !== 'string') problems.push('"checkpoint_dir" is missing');
    if (
      typeof f.tolerance !== 'object' ||
      f.tolerance === null ||
      typeof f.tolerance.abs !== 'number' ||
      typeof f.tolerance.rel !== 'number'
    ) {
      problems.push('"tolerance" needs numbers "abs" and "rel"');
    }
    if (!Array.isArray(f.cases) || f.cases.length === 0) problems.push('"cases" is missing or empty');
    else {
      const names = new Set<string>();
      f.cases.forEach((c, i) => {
        if (typeof c !== 'object' || c === null || typeof c.name !== 'string' || typeof c.level !== 'string') {
          problems.push(`case ${i} lacks "name" or "level"`);
        } else if (names.has(c.name)) problems.push(`case name "${c.name}" is repeated`);
        else names.add(c.name);
      });
    }
  }
  if (problems.length > 0) {
    throw new EParityFileInvalid(`${file} is not a parity case file: ${problems.join('; ')}.`, { context: { file, problems } });
  }
  return f as ParityCaseFile;
}

export async function runParityFile(file: string, options: RunParityOptions = {}): Promise<ParityReport> {
  const caseFile = readParityFile(file);
  const family = options.family ?? (await getParityFamily(caseFile.family));
  const checkpointDir = path.join(path.dirname(file), caseFile.checkpoint_dir);
  let selected = caseFile.cases;
  if (options.cases) {
    const unknown = options.cases.filter((n) => !caseFile.cases.some((c) => c.name === n));
    if (unknown.length > 0) {
      throw new EParityFileInvalid(`No case named ${unknown.join(', ')} in ${file}.`, { context: { file, unknown } });
    }
    selected = caseFile.cases.filter((c) => options.cases!.includes(c.name));
  }

  const t0 = performance.now();
  const session = await family.open(checkpointDir, options.engine ?? {});
  const loadMs = performance.now() - t0;
  const results: CaseResult[] = [];
  try {
    for (const c of selected) {
      const start = performance.now();
      let result: CaseResult;
      try {
        let produced: Record<string, ParityOutput> | undefined;
        try {
          produced = await session.runCase(c);
        } catch (error) {
          if (!family.acceptsError?.(c, error)) throw error;
        }
        result =
          produced === undefined
            ? {
                name: c.name,
                level: c.level,
                pass: true,
                maxAbsErr: 0,
                worstRatio: 0,
                allowedAtWorst: 0,
                outputs: [],
                ms: performance.now() - start,
              }
            : summariseCase(c, compareOutputs(family.expected(c), produced, family.tolerance(caseFile, c)), performance.now() - start);
      } catch (error) {
        result = {
          name: c.name,
          level: c.level,
          pass: false,
          maxAbsErr: Infinity,
          worstRatio: Infinity,
          allowedAtWorst: Number.NaN,
          outputs: [],
          error: {
            ...(isTSAgentKitError(error) ? { code: error.code } : {}),
            message: error instanceof Error ? error.message : String(error),
          },
          ms: performance.now() - start,
        };
      }
      results.push(result);
      options.onCase?.(result);
    }
  } finally {
    await session.dispose();
  }
  const passed = results.filter((r) => r.pass).length;
  return {
    file,
    family: caseFile.family,
    checkpointDir,
    cases: results,
    passed,
    failed: results.length - passed,
    pass: passed === results.length,
    loadMs,
  };
}

/** One line per case: status, name, level, max error, worst error/tolerance. */
export function formatCaseLine(r: CaseResult): string {
  const status = r.pass ? 'PASS' : 'FAIL';
  if (r.error) return `${status}  ${r.name}  [${r.level}]  error${r.error.code ? ` ${r.error.code}` : ''}: ${r.error.message}`;
  const shapeBad = r.outputs.filter((o) => !o.shapeOk);
  if (shapeBad.length > 0) {
    const o = shapeBad[0];
    return `${status}  ${r.name}  [${r.level}]  shape mismatch in ${o.key}: got ${JSON.stringify(o.gotShape)}, want ${JSON.stringify(o.wantShape)}`;
  }
  return (
    `${status}  ${r.name}  [${r.level}]  max|err| ${fmt(r.maxAbsErr)}  worst err/tol ${r.worstRatio.toFixed(4)}` +
    ` (tol there ${fmt(r.allowedAtWorst)})`
  );
}

export function formatSummary(report: ParityReport): string {
  const worst = report.cases.reduce((m, c) => Math.max(m, c.worstRatio), 0);
  return `${report.passed}/${report.cases.length} cases pass (${report.family}, ${path.basename(report.file)}); worst err/tol ${Number.isFinite(worst) ? worst.toFixed(4) : 'inf'}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}
