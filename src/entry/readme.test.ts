/**
 * Every ```ts snippet of README.md runs, as a user would write it (`import … from 'tsagentkit'`,
 * resolved to the sources by vitest.config.ts). A snippet that throws, or prints nothing although it
 * logs, fails its test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const dir = mkdtempSync(join(tmpdir(), 'tsak-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README snippets', () => {
  it('the README has the statistical and the TSFM library examples', () => {
    expect(snippets.some((s) => s.includes("from 'tsagentkit/models'"))).toBe(true);
    expect(snippets.some((s) => s.includes('TSAgentSession.create'))).toBe(true);
  });

  snippets.forEach((code, i) => {
    const title = code.split('\n').find((l) => l.startsWith('import')) ?? `snippet ${i + 1}`;
    it(`snippet ${i + 1} runs: ${title}`, async () => {
      const file = join(dir, `snippet${i + 1}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const printed: unknown[][] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
      const table = vi.spyOn(console, 'table').mockImplementation((...args: unknown[]) => void printed.push(args));
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        log.mockRestore();
        table.mockRestore();
      }
      const calls = (code.match(/console\.(log|table)\(/g) ?? []).length;
      expect(printed).toHaveLength(calls);
    });
  });
});
