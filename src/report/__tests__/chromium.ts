/**
 * Headless Chromium for report tests, driven by playwright-core (no browser download): the system's
 * Chromium (Debian's `chromium` package, which `.ci/run` installs), a fresh profile per launch, no
 * network, and every console error, page error and non-file request recorded.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** `$TSAGENTKIT_CHROMIUM`, else the first system Chromium found; undefined when there is none. */
export function findChromium(): string | undefined {
  const env = process.env['TSAGENTKIT_CHROMIUM'];
  if (env) return existsSync(env) ? env : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors, in order. */
  readonly errors: string[];
  /** Requests for anything but local files (all aborted): a self-contained page makes none. */
  readonly external: string[];
  close(): Promise<void>;
}

export async function openInChromium(executablePath: string, file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  const profile = await mkdtemp(join(tmpdir(), 'tsak-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_FLAGS, viewport });
  const errors: string[] = [];
  const external: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return {
    page,
    errors,
    external,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
