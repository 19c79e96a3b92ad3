/** Versions recorded in run artifacts, read from the installed package manifests. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function packageVersion(specifier: string): string | null {
  try {
    return (require(specifier) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

export interface Versions {
  readonly tsagentkit: string;
  readonly node: string;
  readonly onnxruntime: string | null;
  readonly platform: string;
}

/** src/forecast and dist/forecast both sit two levels below the package root. */
export function currentVersions(): Versions {
  return {
    tsagentkit: packageVersion('../../package.json') ?? '0.0.0',
    node: process.versions.node,
    onnxruntime: packageVersion('onnxruntime-node/package.json'),
    platform: `${process.platform}-${process.arch}`,
  };
}
