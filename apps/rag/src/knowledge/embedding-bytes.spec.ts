import { fromEmbeddingBytes, toEmbeddingBytes } from './embedding-bytes';

describe(toEmbeddingBytes.name, () => {
  it('should write float32 values little-endian, four bytes each', () => {
    const bytes = toEmbeddingBytes(Float32Array.from([1, -2]));

    expect([...bytes]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
  });

  it('should read back the values of a vector that is a view into a larger buffer', () => {
    const backing = Float32Array.from([9, 0.1, -3.5, 1e-40, 9]);
    const view = backing.subarray(1, 4);

    expect(fromEmbeddingBytes(toEmbeddingBytes(view))).toEqual(Float32Array.from([0.1, -3.5, 1e-40]));
  });

  it('should refuse bytes that are not whole float32 values, saying so', () => {
    expect(() => fromEmbeddingBytes(Buffer.alloc(6))).toThrow(/6 bytes is not a list of float32 values/);
  });
});
