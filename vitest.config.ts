import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  // The package's own name resolves to the sources, so README snippets run as users write them.
  resolve: {
    alias: [
      { find: /^tsagentkit$/, replacement: `${src}index.ts` },
      { find: /^tsagentkit\/(models|tsfm|engine|metrics|io|report|errors)$/, replacement: `${src}entry/$1.ts` },
      // `tsagentkit/tsfm/<family>`: a family folder's index, as package.json's "./tsfm/*" export.
      { find: /^tsagentkit\/tsfm\/([a-z][a-z0-9-]*)$/, replacement: `${src}tsfm/$1/index.ts` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'benchmarks/**/*.test.ts'],
    // Parity and engine tests build ONNX graphs and run onnxruntime; the machine has 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Sessions fit in-process unless a test asks for workers, whatever the machine's core count: a
    // worker thread started from the TS sources costs seconds (src/runtime/workers/sourceHooks.mjs).
    env: { TSAGENTKIT_WORKERS: '1' },
  },
});
