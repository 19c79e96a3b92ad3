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
 * read. Other dtypes are converted to a fresh Float32Array. `readHeader` reads only the header, for
 * loaders that let onnxruntime read the weights itself (`externalRef`). Every structural problem
 * gives a typed error that names the file and, where there is one, the tensor.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
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
    /** The whole file's bytes, or null when only the header was read (`readHeader`). */
    private readonly fileImage: Uint8Array | null,
    metadata: Record<string, string>,
    tensors: Map<string, SafetensorsTensorInfo>,
    dataBytes: number,
    /** Total file size in bytes. */
    readonly fileBytes: number,
    /** The raw JSON header (identity of the file's layout, e.g. for cache keys). */
    readonly headerBytes: Uint8Array,
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

  /**
   * Reads and validates only the header (two small reads); tensor data stays on disk. `float32()`
   * then reads single tensors on demand, and `externalRef()` points onnxruntime at them.
   */
  static readHeader(file: string): SafetensorsFile {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (cause) {
      throw new ECheckpointNotFound(`Cannot read safetensors file ${file}`, { context: { file }, cause });
    }
    try {
      const size = fstatSync(fd).size;
      const prefix = new Uint8Array(Math.min(8, size));
      readSync(fd, prefix, 0, prefix.length, 0);
      const headerLen = SafetensorsFile.checkPrefix(prefix, size, file);
      const header = new Uint8Array(headerLen);
      readSync(fd, header, 0, headerLen, 8);
      return SafetensorsFile.fromHeader(header, size, null, file);
    } finally {
      closeSync(fd);
    }
  }

  /** Validates a safetensors image already in memory; `file` names it in errors. */
  static parse(bytes: Uint8Array, file = '<memory>'): SafetensorsFile {
    const headerLen = SafetensorsFile.checkPrefix(bytes.subarray(0, 8), bytes.byteLength, file);
    return SafetensorsFile.fromHeader(bytes.subarray(8, 8 + headerLen), bytes.byteLength, bytes, file);
  }

  /** Validates the 8-byte length prefix against the file size; returns the header length. */
  private static checkPrefix(prefix: Uint8Array, fileBytes: number, file: string): number {
    if (prefix.byteLength < 8) {
      throw corruptError(file, 'Safetensors file is truncated: shorter than its 8-byte header length', { fileBytes });
    }
    const headerLen64 = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
    if (headerLen64 > BigInt(MAX_HEADER_BYTES)) {
      throw corruptError(file, `Safetensors header length ${headerLen64} exceeds the ${MAX_HEADER_BYTES}-byte limit`, {
        headerBytes: headerLen64.toString(),
      });
    }
    const headerLen = Number(headerLen64);
    if (8 + headerLen > fileBytes) {
      throw corruptError(
        file,
        `Safetensors file is truncated: header claims ${headerLen} bytes but the file has ${fileBytes - 8} after the length`,
        {
          headerBytes: headerLen,
          fileBytes,
        },
      );
    }
    return headerLen;
  }

  private static fromHeader(headerBytes: Uint8Array, fileBytes: number, bytes: Uint8Array | null, file: string): SafetensorsFile {
    const corrupt = (message: string, context: Record<string, unknown> = {}) => corruptError(file, message, context);
    const headerLen = headerBytes.byteLength;
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
    } catch (cause) {
      throw new ECheckpointCorrupt(`Safetensors header is not valid JSON (${file})`, { context: { file }, cause });
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      throw corrupt('Safetensors header is not a JSON object');
    }

    const dataStart = 8 + headerLen;
    const dataLen = fileBytes - dataStart;
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
    return new SafetensorsFile(file, bytes, metadata, tensors, dataBytes, fileBytes, headerBytes);
  }

  /** The whole file's bytes (files opened with `read`/`parse`; not available after `readHeader`). */
  get bytes(): Uint8Array {
    if (!this.fileImage) throw new Error(`${this.file} was opened header-only; its bytes were not read`);
    return this.fileImage;
  }

  /** False after `readHeader`: tensor data is read from disk on demand. */
  get inMemory(): boolean {
    return this.fileImage !== null;
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

  /** The tensor's raw bytes: a view on the file buffer, or read from disk in header-only mode. */
  rawBytes(name: string): Uint8Array {
    const info = this.info(name);
    if (this.fileImage) return this.fileImage.subarray(info.fileOffset, info.fileOffset + info.byteLength);
    const out = new Uint8Array(info.byteLength);
    const fd = openSync(this.file, 'r');
    try {
      let done = 0;
      while (done < info.byteLength) {
        const n = readSync(fd, out, done, info.byteLength - done, info.fileOffset + done);
        if (n === 0) throw corruptError(this.file, `Safetensors file is truncated while reading "${name}"`, { tensor: name });
        done += n;
      }
    } finally {
      closeSync(fd);
    }
    return out;
  }

  /** True when every tensor is stored as F32 (so all can be handed to onnxruntime as external data). */
  allFloat32(): boolean {
    for (const t of this.tensors.values()) if (t.dtype !== 'F32') return false;
    return true;
  }

  /**
   * Where an F32 tensor lies in the file, for ONNX external data (`location` is the file's base
   * name). `expectedShape` is checked like in `float32()`. A sub-range of rows can be selected.
   */
  externalRef(
    name: string,
    expectedShape?: readonly number[],
    rows?: { start: number; count: number },
  ): { location: string; offset: number; length: number } {
    const info = expectedShape ? this.expectShape(name, expectedShape) : this.info(name);
    if (info.dtype !== 'F32') {
      throw new ECheckpointMismatch(
        `Tensor "${name}" in ${this.file} is ${info.dtype}, not F32; it cannot be read as float32 external data`,
        {
          context: { file: this.file, tensor: name, dtype: info.dtype },
        },
      );
    }
    if (!rows) return { location: basename(this.file), offset: info.fileOffset, length: info.byteLength };
    const rowBytes = info.shape[0] > 0 ? info.byteLength / info.shape[0] : 0;
    return { location: basename(this.file), offset: info.fileOffset + rows.start * rowBytes, length: rows.count * rowBytes };
  }

  /**
   * The tensor as float32 values. F32 data at a 4-byte aligned address is a zero-copy view on the
   * file buffer (do not mutate it); everything else is converted into a new array.
   */
  float32(name: string, expectedShape?: readonly number[]): Float32Array {
    const info = expectedShape ? this.expectShape(name, expectedShape) : this.info(name);
    const n = info.byteLength / DTYPE_BYTES[info.dtype];
    const raw = this.rawBytes(name);
    if (info.dtype === 'F32' && raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, n);
    return toFloat32(
      info.dtype,
      raw,
      n,
      () =>
        new ECheckpointCorrupt(`Tensor "${name}" has dtype ${info.dtype}, which cannot be converted to float32 (${this.file})`, {
          context: { file: this.file, tensor: name, dtype: info.dtype },
        }),
    );
  }
}

function corruptError(file: string, message: string, context: Record<string, unknown> = {}): ECheckpointCorrupt {
  return new ECheckpointCorrupt(`${message} (${file})`, { context: { file, ...context } });
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

export interface SafetensorsWriteEntry {
  name: string;
  shape: number[];
  dtype?: SafetensorsDType;
  /** Produces the tensor's data when it is written (so large files never sit in memory whole). */
  data: () => ArrayBufferView;
}

/** Streams a safetensors file to disk, one tensor at a time (synthetic benchmark checkpoints). */
export function writeSafetensors(file: string, entries: SafetensorsWriteEntry[], metadata?: Record<string, string>): number {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const e of entries) {
    const bytes = e.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[e.dtype ?? 'F32'];
    header[e.name] = { dtype: e.dtype ?? 'F32', shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const fd = openSync(file, 'w');
  try {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
    writeSync(fd, prefix);
    writeSync(fd, Buffer.from(json, 'utf8'));
    for (const e of entries) {
      const d = e.data();
      const expected = e.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[e.dtype ?? 'F32'];
      if (d.byteLength !== expected) throw new Error(`writeSafetensors: ${e.name} has ${d.byteLength} bytes, expected ${expected}`);
      writeSync(fd, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    }
  } finally {
    closeSync(fd);
  }
  return 8 + Buffer.byteLength(json) + offset;
}
