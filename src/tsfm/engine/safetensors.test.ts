import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ECheckpointCorrupt, ECheckpointMismatch, ECheckpointNotFound } from '../../errors/index.js';
import { SafetensorsFile, encodeSafetensors, halfToFloat, writeSafetensors } from './safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'tsak-st-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** A file with a hand-written header (to build broken files the encoder would never produce). */
function rawFile(name: string, header: unknown, dataBytes: number, headerLenOverride?: bigint): string {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + dataBytes);
  new DataView(out.buffer).setBigUint64(0, headerLenOverride ?? BigInt(json.byteLength), true);
  out.set(json, 8);
  return write(name, out);
}

function expectError(fn: () => unknown, cls: abstract new (...a: never[]) => Error, ...fragments: string[]) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  for (const f of fragments) expect((err as Error).message).toContain(f);
  return err as Error & { context: Record<string, unknown> };
}

describe('SafetensorsFile', () => {
  const w = new Float32Array([1.5, -2, 3.25, 4, 5, 6]);
  const good = write(
    'good.safetensors',
    encodeSafetensors(
      { 'a.weight': { shape: [2, 3], data: w }, 'b.bias': { shape: [2], data: new Float32Array([7, 8]) } },
      { format: 'pt' },
    ),
  );

  it('reads F32 tensors as zero-copy views with shapes and metadata', () => {
    const f = SafetensorsFile.read(good);
    expect(f.keys().sort()).toEqual(['a.weight', 'b.bias']);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.info('a.weight').shape).toEqual([2, 3]);
    const a = f.float32('a.weight', [2, 3]);
    expect([...a]).toEqual([...w]);
    expect(a.buffer).toBe(f.bytes.buffer); // a view, not a copy
    expect([...f.float32('b.bias')]).toEqual([7, 8]);
    expect(f.dataBytes).toBe(32);
  });

  it('converts F16, BF16, F64, I64 and I32 to float32', () => {
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001]); // 1, -2, 0.33325195, 2^-24
    const bf16 = new Uint16Array([0x3f80, 0xc040, 0x4049]); // 1, -3, 3.140625
    const p = write(
      'dtypes.safetensors',
      encodeSafetensors({
        h: { dtype: 'F16', shape: [4], data: f16 },
        b: { dtype: 'BF16', shape: [3], data: bf16 },
        d: { dtype: 'F64', shape: [2], data: new Float64Array([0.1, -1e10]) },
        l: { dtype: 'I64', shape: [2], data: new BigInt64Array([5n, -7n]) },
        i: { dtype: 'I32', shape: [1], data: new Int32Array([42]) },
      }),
    );
    const f = SafetensorsFile.read(p);
    expect([...f.float32('h')]).toEqual([1, -2, 0.333251953125, 2 ** -24]);
    expect([...f.float32('b')]).toEqual([1, -3, 3.140625]);
    expect([...f.float32('d')]).toEqual([Math.fround(0.1), Math.fround(-1e10)]);
    expect([...f.float32('l')]).toEqual([5, -7]);
    expect([...f.float32('i')]).toEqual([42]);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });

  it('copies F32 data that is not 4-byte aligned', () => {
    const img = encodeSafetensors({ x: { shape: [3], data: new Float32Array([1, 2, 3]) } });
    const shifted = new Uint8Array(img.byteLength + 1).subarray(1);
    shifted.set(img);
    const f = SafetensorsFile.parse(shifted, 'shifted');
    expect([...f.float32('x')]).toEqual([1, 2, 3]);
  });

  it('readHeader: validates without reading data, reads tensors on demand, points at them for external data', () => {
    const f = SafetensorsFile.readHeader(good);
    expect(f.inMemory).toBe(false);
    expect(() => f.bytes).toThrow(/header-only/);
    expect([...f.float32('a.weight', [2, 3])]).toEqual([...w]);
    expect(f.allFloat32()).toBe(true);
    const full = SafetensorsFile.read(good);
    const ref = f.externalRef('b.bias', [2]);
    expect(ref.location).toBe('good.safetensors');
    expect([...new Float32Array(Uint8Array.from(full.bytes.subarray(ref.offset, ref.offset + ref.length)).buffer)]).toEqual([7, 8]);
    const row = f.externalRef('a.weight', undefined, { start: 1, count: 1 });
    expect([...new Float32Array(Uint8Array.from(full.bytes.subarray(row.offset, row.offset + row.length)).buffer)]).toEqual([4, 5, 6]);
    expect(() => f.externalRef('a.weight', [6])).toThrow(ECheckpointMismatch);
    // header-only validation still catches a cut data section
    const img = encodeSafetensors({ x: { shape: [4], data: new Float32Array(4) } });
    expectError(
      () => SafetensorsFile.readHeader(write('cut2.safetensors', img.subarray(0, img.byteLength - 4))),
      ECheckpointCorrupt,
      'truncated',
      '"x"',
    );
    expectError(() => SafetensorsFile.readHeader(join(dir, 'absent.safetensors')), ECheckpointNotFound, 'absent.safetensors');
    const f16 = SafetensorsFile.readHeader(
      write('h.safetensors', encodeSafetensors({ h: { dtype: 'F16', shape: [1], data: new Uint16Array([0x3c00]) } })),
    );
    expect(f16.allFloat32()).toBe(false);
    expectError(() => f16.externalRef('h'), ECheckpointMismatch, 'not F32');
  });

  it('writeSafetensors streams a file that reads back identically', () => {
    const p = join(dir, 'streamed.safetensors');
    const size = writeSafetensors(p, [
      { name: 'w', shape: [2, 2], data: () => new Float32Array([1, 2, 3, 4]) },
      { name: 'h', shape: [1], dtype: 'F16', data: () => new Uint16Array([0x3c00]) },
    ]);
    const f = SafetensorsFile.read(p);
    expect(f.fileBytes).toBe(size);
    expect([...f.float32('w', [2, 2])]).toEqual([1, 2, 3, 4]);
    expect([...f.float32('h')]).toEqual([1]);
  });

  it('missing file → ECheckpointNotFound naming the file', () => {
    const e = expectError(() => SafetensorsFile.read(join(dir, 'nope.safetensors')), ECheckpointNotFound, 'nope.safetensors');
    expect(e.context.file).toContain('nope.safetensors');
  });

  it('file shorter than the length prefix → truncated', () => {
    expectError(
      () => SafetensorsFile.read(write('tiny.safetensors', new Uint8Array(5))),
      ECheckpointCorrupt,
      'truncated',
      'tiny.safetensors',
    );
  });

  it('header longer than the file → truncated', () => {
    expectError(() => SafetensorsFile.read(rawFile('hdr.safetensors', { a: 1 }, 0, 1000n)), ECheckpointCorrupt, 'truncated');
  });

  it('oversized header length → corrupt', () => {
    expectError(() => SafetensorsFile.read(rawFile('huge.safetensors', {}, 0, 1n << 40n)), ECheckpointCorrupt, 'exceeds');
  });

  it('header that is not JSON or not an object → corrupt', () => {
    expectError(
      () => SafetensorsFile.read(rawFile('bad.safetensors', '{"a": ', 0)),
      ECheckpointCorrupt,
      'not valid JSON',
      'bad.safetensors',
    );
    expectError(() => SafetensorsFile.read(rawFile('arr.safetensors', '[1,2]', 0)), ECheckpointCorrupt, 'not a JSON object');
  });

  it('data section cut short → truncated, naming the tensor', () => {
    const img = encodeSafetensors({ first: { shape: [2], data: new Float32Array(2) }, last: { shape: [4], data: new Float32Array(4) } });
    const e = expectError(
      () => SafetensorsFile.read(write('cut.safetensors', img.subarray(0, img.byteLength - 3))),
      ECheckpointCorrupt,
      'truncated',
      '"last"',
    );
    expect(e.context.tensor).toBe('last');
  });

  it('offsets out of range, inconsistent with the shape, or overlapping → corrupt', () => {
    expectError(
      () => SafetensorsFile.read(rawFile('neg.safetensors', { t: { dtype: 'F32', shape: [1], data_offsets: [-4, 0] } }, 8)),
      ECheckpointCorrupt,
      'invalid data_offsets',
      '"t"',
    );
    expectError(
      () => SafetensorsFile.read(rawFile('size.safetensors', { t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8)),
      ECheckpointCorrupt,
      'needs 12',
    );
    expectError(
      () =>
        SafetensorsFile.read(
          rawFile(
            'overlap.safetensors',
            { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } },
            12,
          ),
        ),
      ECheckpointCorrupt,
      'overlap',
    );
  });

  it('unknown dtype → corrupt naming the tensor', () => {
    expectError(
      () => SafetensorsFile.read(rawFile('dt.safetensors', { w: { dtype: 'F8_E9', shape: [1], data_offsets: [0, 1] } }, 1)),
      ECheckpointCorrupt,
      'unsupported dtype',
      '"w"',
    );
  });

  it('missing key and shape mismatch → ECheckpointMismatch naming file and tensor', () => {
    const f = SafetensorsFile.read(good);
    expectError(() => f.float32('c.weight'), ECheckpointMismatch, '"c.weight"', 'good.safetensors');
    const e = expectError(() => f.float32('a.weight', [3, 2]), ECheckpointMismatch, '"a.weight"', '[2, 3]', '[3, 2]');
    expect(e.context.expected).toEqual([3, 2]);
  });
});
