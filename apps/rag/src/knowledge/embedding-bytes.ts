import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A chunk's vector as stored: its float32 values, little-endian, four bytes each. As
 * text (`real[]` written from JSON) PostgreSQL parsed every value of every vector, and
 * reading 10,000 vectors back took half a second of parsing in rag; as bytes both sides
 * copy them.
 */
export function toEmbeddingBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.from(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
  return LITTLE_ENDIAN ? bytes : bytes.swap32();
}

/** The vector `toEmbeddingBytes` stored. */
export function fromEmbeddingBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % Float32Array.BYTES_PER_ELEMENT !== 0)
    throw new Error(`an embedding of ${bytes.byteLength} bytes is not a list of float32 values`);
  const copy = Buffer.from(bytes);
  if (!LITTLE_ENDIAN) copy.swap32();
  return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / Float32Array.BYTES_PER_ELEMENT);
}
