import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

// Signatures and offsets from PKWARE's APPNOTE (the ZIP format), sections 4.3.7, 4.3.12, 4.3.16.
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
// The end record may be followed by a comment of up to 65535 bytes.
const MAX_END_SEARCH = END_RECORD_SIZE + 0xffff;
const STORED = 0;
const DEFLATED = 8;
// A field that does not fit 32 bits is 0xFFFFFFFF and the real value sits in a ZIP64 record.
const ZIP64_MARKER = 0xffffffff;

function endOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - MAX_END_SEARCH);
  for (let offset = zip.length - END_RECORD_SIZE; offset >= lowest; offset -= 1) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('not a ZIP archive (no end of central directory record)');
}

/**
 * One file out of a ZIP archive, checked against its recorded size and CRC-32. Only what
 * Node has built in (zlib), so it works on a machine without `unzip` or Python.
 */
export function readZipEntry(zipPath: string, entryName: string): Buffer {
  const zip = readFileSync(zipPath);
  const end = endOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      throw new Error(`${zipPath}: damaged central directory at byte ${offset}`);
    }
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name !== entryName) continue;

    if ([compressedSize, size, localHeader].includes(ZIP64_MARKER)) {
      throw new Error(`${zipPath}: ${entryName} is stored in ZIP64 form, which this reader does not handle`);
    }
    if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) {
      throw new Error(`${zipPath}: damaged local header of ${entryName}`);
    }
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let content: Buffer;
    if (method === STORED) content = Buffer.from(data);
    else if (method === DEFLATED) content = inflateRawSync(data);
    else throw new Error(`${zipPath}: ${entryName} uses compression method ${method}, not stored or deflate`);
    if (content.length !== size || crc32(content) !== crc) {
      throw new Error(`${zipPath}: ${entryName} does not match its recorded size and CRC-32`);
    }
    return content;
  }
  throw new Error(`${zipPath} has no ${entryName}`);
}
