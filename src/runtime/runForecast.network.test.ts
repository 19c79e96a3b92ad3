/**
 * The acceptance check for "downloads only when asked": `runForecast(rows, { h: 12 })` with no TSFM
 * options makes no network request, with an empty hub cache and with a partial one. Every way out
 * is spied: globalThis.fetch (what @huggingface/hub and our downloader use), node:http(s).request,
 * and net.Socket#connect underneath them all.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runForecast } from './runForecast.js';

const DAY = 86_400_000;
const rows = Array.from({ length: 60 }, (_, i) => ({ unique_id: 's', ds: new Date(i * DAY).toISOString().slice(0, 10), y: 10 + (i % 7) }));

function spyNetwork() {
  return [
    vi.spyOn(globalThis, 'fetch'),
    vi.spyOn(http, 'request'),
    vi.spyOn(https, 'request'),
    vi.spyOn(net.Socket.prototype, 'connect'),
  ] as const;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('runForecast makes no network request by default', () => {
  for (const cache of ['empty', 'partial'] as const) {
    it(`with an ${cache} Hugging Face cache`, async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'tsak-nonet-'));
      vi.stubEnv('HF_HOME', home);
      vi.stubEnv('HF_HUB_CACHE', path.join(home, 'hub'));
      vi.stubEnv('HF_HUB_OFFLINE', ''); // the default must hold online, not only offline
      vi.stubEnv('TSAGENTKIT_OFFLINE', '');
      vi.stubEnv('TSAGENTKIT_CACHE_DIR', path.join(home, 'tsak'));
      if (cache === 'partial') {
        // refs/main and a snapshot holding config.json only: what a cut `huggingface-cli download` leaves.
        const repo = path.join(home, 'hub', 'models--amazon--chronos-2');
        const sha = 'b'.repeat(40);
        mkdirSync(path.join(repo, 'refs'), { recursive: true });
        mkdirSync(path.join(repo, 'snapshots', sha), { recursive: true });
        mkdirSync(path.join(repo, 'blobs'), { recursive: true });
        writeFileSync(path.join(repo, 'refs', 'main'), sha);
        writeFileSync(path.join(repo, 'snapshots', sha, 'config.json'), '{}');
        writeFileSync(path.join(repo, 'blobs', `${'d'.repeat(64)}.incomplete`), 'partial');
      }
      const spies = spyNetwork();
      const run = await runForecast(rows, { h: 12 });
      expect(run.forecast.series.length).toBe(1);
      expect(run.forecast.h).toBe(12);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    }, 60_000);
  }
});
