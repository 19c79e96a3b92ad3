/**
 * Reader for the safetensors format (https://huggingface.co/docs/safetensors):
 *
 *   [8-byte little-endian u64 header length N][N bytes of JSON header][tensor data]
 *
 * The header maps tensor names to `{dtype, shape, data_offsets: [begin, end]}` (offsets relative to
 * the start of the data section) plus an optional `__metadata__` string map.
 *
 * The whole file is read with one `readFileSync`; F32 tensors whose data is 4-byte aligned are
 * returned as `Float32Array` views on that buffer (no copy), so loading a 480 MB checkpoint costs one
 * read. Other dtypes are converted to a fresh Float32Array. Every structural problem gives a typed
 * error that names the file and, where there is one, the tensor.
 */
import { readFileSync, statSync } from 'node:fs';
import { ECheckpointCorrupt, ECheckpointMismatch, ECheckpointNotFound } from '../../errors/index.js';

export type SafetensorsDType = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

const DTYPE_BYTES: Record<SafetensorsDType, number> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  F64: 8,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** Headers above this size are rejected as corrupt (the format's own reference limit is 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** Absolute byte offset of the tensor data within the file. */
  readonly fileOffset: number;
  readonly byteLength: number;
}

export class SafetensorsFile {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  /** Size in bytes of the data section (sum of all tensors). */
  readonly dataBytes: number;

  private constructor(
    /** Path (or label) used in error messages. */
    readonly file: string,
    /** The whole file's bytes. */
    readonly bytes: Uint8Array,
    metadata: Record<string, string>,
    tensors: Map<string, SafetensorsTensorInfo>,
    dataBytes: number,
  ) {
    this.metadata = metadata;
    this.tensors = tensors;
    this.dataBytes = dataBytes;
  }

  /** Reads and validates a safetensors file in one read. */
  static read(file: string): SafetensorsFile {
    let bytes: Uint8Array;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a regular file');
      bytes = readFileSync(file);
    } catch (cause) {
      throw new ECheckpointNotFound(`Cannot read safetensors file ${file}`, { context: { file }, cause });
    }
    return SafetensorsFile.parse(bytes, file);
  }

  /** Validates a safetensors image already in memory; `file` names it in errors. */
  static parse(bytes: Uint8Array, file = '<memory>'): SafetensorsFile {
    const corrupt = (message: string, context: Record<string, unknown> = {}) =>
      new ECheckpointCorrupt(`${message} (${file})`, { context: { file, ...context } });

    if (bytes.byteLength < 8) {
      throw corrupt('Safetensors file is truncated: shorter than its 8-byte header length', { fileBytes: bytes.byteLength });
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLen64 = dv.getBigUint64(0, true);
    if (headerLen64 > BigInt(MAX_HEADER_BYTES)) {
      throw corrupt(`Safetensors header length ${headerLen64} exceeds the ${MAX_HEADER_BYTES}-byte limit`, { headerBytes: headerLen64.toString() });
    }
    const headerLen = Number(headerLen64);
    if (8 + headerLen > bytes.byteLength) {
      throw corrupt(`Safetensors file is truncated: header claims ${headerLen} bytes but the file has ${bytes.byteLength - 8} after the length`, {
        headerBytes: headerLen,
        fileBytes: bytes.byteLength,
      });
    }
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
    } catch (cause) {
      throw new ECheckpointCorrupt(`Safetensors header is not valid JSON (${file})`, { context: { file }, cause });
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      throw corrupt('Safetensors header is not a JSON object');
    }

    const dataStart = 8 + headerLen;
    const dataLen = bytes.byteLength - dataStart;
    const metadata: Record<string, string> = {};
    const tensors = new Map<string, SafetensorsTensorInfo>();
    const spans: Array<{ name: string; begin: number; end: number }> = [];

    for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
      if (name === '__metadata__') {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt('__metadata__ is not an object');
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) metadata[k] = String(v);
        continue;
      }
      if (raw === null || typeof raw !== 'object') throw corrupt(`Tensor "${name}" has no header entry object`, { tensor: name });
      const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const dtype = entry.dtype;
      if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) {
        throw corrupt(`Tensor "${name}" has unsupported dtype ${JSON.stringify(dtype)}`, { tensor: name, dtype });
      }
      const shape = entry.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw corrupt(`Tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`, { tensor: name });
      }
      const offsets = entry.data_offsets;
      if (
        !Array.isArray(offsets) ||
        offsets.length !== 2 ||
        !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
        offsets[1] < offsets[0]
      ) {
        throw corrupt(`Tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`, { tensor: name });
      }
      const [begin, end] = offsets as [number, number];
      const numel = (shape as number[]).reduce((a, b) => a * b, 1);
      const expectedBytes = numel * DTYPE_BYTES[dtype as SafetensorsDType];
      if (end - begin !== expectedBytes) {
        throw corrupt(`Tensor "${name}" spans ${end - begin} bytes but ${dtype}${JSON.stringify(shape)} needs ${expectedBytes}`, {
          tensor: name,
          dataOffsets: offsets,
        });
      }
      if (end > dataLen) {
        throw corrupt(`Safetensors file is truncated: tensor "${name}" ends at data byte ${end} but the data section has ${dataLen}`, {
          tensor: name,
          dataOffsets: offsets,
          dataBytes: dataLen,
        });
      }
      spans.push({ name, begin, end });
      tensors.set(name, {
        name,
        dtype: dtype as SafetensorsDType,
        shape: Object.freeze([...(shape as number[])]),
        fileOffset: dataStart + begin,
        byteLength: end - begin,
      });
    }

    spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
    let dataBytes = 0;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      dataBytes += s.end - s.begin;
      if (i > 0 && s.begin < spans[i - 1].end && s.end > s.begin) {
        throw corrupt(`Tensors "${spans[i - 1].name}" and "${s.name}" overlap in the data section`, {
          tensor: s.name,
          other: spans[i - 1].name,
        });
      }
    }
    return new SafetensorsFile(file, bytes, metadata, tensors, dataBytes);
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  keys(): string[] {
    return [...this.tensors.keys()];
  }

  /** The header entry of a tensor; ECheckpointMismatch when it is absent. */
  info(name: string): SafetensorsTensorInfo {
    const info = this.tensors.get(name);
    if (!info) {
      throw new ECheckpointMismatch(`Tensor "${name}" is missing from ${this.file}`, {
        context: { file: this.file, tensor: name, available: this.tensors.size },
      });
    }
    return info;
  }

  /** Throws ECheckpointMismatch unless the tensor exists with exactly this shape. */
  expectShape(name: string, shape: readonly number[]): SafetensorsTensorInfo {
    const info = this.info(name);
    if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
      throw new ECheckpointMismatch(
        `Tensor "${name}" in ${this.file} has shape [${info.shape.join(', ')}] but the config implies [${shape.join(', ')}]`,
        { context: { file: this.file, tensor: name, shape: [...info.shape], expected: [...shape] } },
      );
    }
    return info;
  }

  /** The tensor's raw bytes, a view on the file buffer. */
  rawBytes(name: string): Uint8Array {
    const info = this.info(name);
    return this.bytes.subarray(info.fileOffset, info.fileOffset + info.byteLength);
  }

  /**
   * The tensor as float32 values. F32 data at a 4-byte aligned address is a zero-copy view on the
   * file buffer (do not mutate it); everything else is converted into a new array.
   */
  float32(name: string, expectedShape?: readonly number[]): Float32Array {
    const info = expectedShape ? this.expectShape(name, expectedShape) : this.info(name);
    const n = info.byteLength / DTYPE_BYTES[info.dtype];
    const abs = this.bytes.byteOffset + info.fileOffset;
    if (info.dtype === 'F32' && abs % 4 === 0) return new Float32Array(this.bytes.buffer, abs, n);
    return toFloat32(info.dtype, this.bytes.subarray(info.fileOffset, info.fileOffset + info.byteLength), n, () =>
      new ECheckpointCorrupt(`Tensor "${name}" has dtype ${info.dtype}, which cannot be converted to float32 (${this.file})`, {
        context: { file: this.file, tensor: name, dtype: info.dtype },
      }),
    );
  }
}

function toFloat32(dtype: SafetensorsDType, raw: Uint8Array, n: number, unsupported: () => Error): Float32Array {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float32Array(n);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    case 'F64':
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(8 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < n; i++) out[i] = halfToFloat(dv.getUint16(2 * i, true));
      return out;
    case 'BF16': {
      // bfloat16 is the upper half of a float32: shift into place through a shared Uint32 view.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = dv.getUint16(2 * i, true) << 16;
      return out;
    }
    case 'I64':
      for (let i = 0; i < n; i++) out[i] = Number(dv.getBigInt64(8 * i, true));
      return out;
    case 'I32':
      for (let i = 0; i < n; i++) out[i] = dv.getInt32(4 * i, true);
      return out;
    default:
      throw unsupported();
  }
}

/** IEEE 754 binary16 → number (exact). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Builds a safetensors image (used by tests and the benchmark's synthetic checkpoint). */
export function encodeSafetensors(
  tensors: Record<string, { dtype?: SafetensorsDType; shape: number[]; data: ArrayBufferView }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const parts: Uint8Array[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[name] = { dtype: t.dtype ?? 'F32', shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data section starts 8-byte aligned, as the reference writer does.
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const headerBytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.byteLength;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}
