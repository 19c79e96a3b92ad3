/** The service's small parts on their own: admission queue, CLI options, auth, redaction. */
import { describe, expect, it } from 'vitest';
import { serveConfigFromOptions } from '../../cli/commands/serve.js';
import { ERequestTimeout, EServerOverloaded, ETaskSpecInvalid } from '../../errors/index.js';
import { AdmissionQueue } from '../admission.js';
import { BearerAuth } from '../auth.js';
import { redactText } from '../redact.js';
import { ERequestInvalid } from '../../errors/index.js';
import { findNonFinite, MAX_JSON_DEPTH } from '../requestBody.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('AdmissionQueue', () => {
  it('never runs more than `concurrency` jobs, even after a timeout released its caller', async () => {
    const q = new AdmissionQueue(2, 10);
    let running = 0;
    let peak = 0;
    const job = (ms: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(ms);
      running -= 1;
      return ms;
    };
    const now = Date.now();
    const results = await Promise.allSettled([
      q.run(job(120), now + 50),
      q.run(job(30), now + 1000),
      q.run(job(30), now + 1000),
      q.run(job(30), now + 1000),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(ERequestTimeout) });
    expect(results.slice(1).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(peak).toBe(2);
    await q.idle();
    expect(q.stats()).toEqual({ running: 0, queued: 0, concurrency: 2, maxQueue: 10 });
  });

  it('rejects at once beyond the queue bound, with a Retry-After estimate', async () => {
    const q = new AdmissionQueue(1, 1);
    const far = Date.now() + 5000;
    const a = q.run(() => sleep(50), far);
    const b = q.run(() => sleep(50), far);
    await expect(q.run(() => sleep(50), far)).rejects.toBeInstanceOf(EServerOverloaded);
    expect(q.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
    await Promise.all([a, b]);
  });

  it('a job that throws releases its slot', async () => {
    const q = new AdmissionQueue(1, 0);
    await expect(q.run(() => Promise.reject(new Error('boom')), Date.now() + 1000)).rejects.toThrow('boom');
    await expect(q.run(async () => 7, Date.now() + 1000)).resolves.toBe(7);
  });
});

describe('serve options', () => {
  it('defaults to loopback and the documented limits; TSAGENTKIT_API_KEY is the key when --api-key is absent', () => {
    const c = serveConfigFromOptions({}, { TSAGENTKIT_API_KEY: 'k1' });
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      maxSeries: 1000,
      maxPredictionLength: 1024,
      apiKey: 'k1',
      preload: [],
      log: 'text',
    });
    expect(serveConfigFromOptions({ apiKey: 'k2' }, { TSAGENTKIT_API_KEY: 'k1' }).apiKey).toBe('k2');
    expect(serveConfigFromOptions({}, {}).apiKey).toBeUndefined();
  });

  it('parses the flags and rejects bad ones with typed errors', () => {
    const c = serveConfigFromOptions(
      { port: '0', preload: 'chronos', modelDir: 'chronos=/x', maxQueue: '0', requestTimeout: '500', maxBodyMb: '0.5', log: 'json' },
      {},
    );
    expect(c).toMatchObject({
      port: 0,
      preload: ['chronos'],
      modelDirs: { chronos: '/x' },
      maxQueue: 0,
      requestTimeoutMs: 500,
      maxBodyBytes: 524288,
      log: 'json',
    });
    expect(() => serveConfigFromOptions({ port: 'eighty' }, {})).toThrow(ETaskSpecInvalid);
    expect(() => serveConfigFromOptions({ log: 'xml' }, {})).toThrow(/--log must be one of/);
    expect(() => serveConfigFromOptions({ preload: 'chronos,chronos' }, {})).toThrow(/twice/);
    expect(() => serveConfigFromOptions({ maxBodyMb: '-1' }, {})).toThrow(/--max-body-mb/);
    // --model-dir / --model-size: the CLI's per-family syntax, checked against --preload
    expect(serveConfigFromOptions({ preload: 'chronos', modelDir: './c2' }, {}).modelDirs).toEqual({ chronos: './c2' });
    expect(serveConfigFromOptions({ preload: 'chronos', modelSize: 'chronos=small' }, {}).modelSizes).toEqual({ chronos: 'small' });
    expect(() => serveConfigFromOptions({ preload: 'chronos', modelDir: 'nosuch=./x' }, {})).toThrow(/unknown TSFM family/);
    expect(() => serveConfigFromOptions({ modelDir: './c2' }, {})).toThrow(/no TSFM to apply to/);
  });
});

describe('small pieces', () => {
  it('BearerAuth accepts only the exact key', () => {
    const auth = new BearerAuth('abc');
    expect(() => auth.check('Bearer abc')).not.toThrow();
    for (const h of [undefined, '', 'abc', 'Bearer ab', 'Bearer abcd', 'Token abc']) expect(() => auth.check(h)).toThrow(/API key/);
  });

  it('redacts filesystem paths from messages', () => {
    expect(redactText('cannot read /home/u/models/chronos-2/model.safetensors: truncated')).toBe('cannot read <path>: truncated');
    expect(redactText('prediction_length 5 over 1/2 limit')).toBe('prediction_length 5 over 1/2 limit');
  });

  it('finds the first non-finite number with its JSON path', () => {
    expect(findNonFinite(JSON.parse('{"a":[{"b":[1,2]},{"b":[3,1e999]}]}'))).toBe('a[1].b[1]');
    expect(findNonFinite({ a: [1, null, 'x'] })).toBeUndefined();
    // Document order: the first offending number, before later ones and deeper ones.
    expect(findNonFinite({ a: [[1, Infinity], NaN], b: -Infinity })).toBe('a[0][1]');
    expect(findNonFinite(Number.NaN)).toBe('(root)');
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH with ERequestInvalid, at any depth without a RangeError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => findNonFinite(deep)).toThrow(ERequestInvalid);
    let ok: unknown = [1, 2];
    for (let i = 1; i < MAX_JSON_DEPTH; i++) ok = [ok];
    expect(findNonFinite(ok)).toBeUndefined();
  });
});
