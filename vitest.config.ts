import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
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
