/**
 * Reads the zip a Metadata API retrieve returns. Salesforce writes plain zips (stored or
 * deflated, no zip64, no encryption), so the central directory plus node:zlib is enough and the
 * Lambda bundle carries no zip library. The archive comes from the network, so it is not trusted:
 * every entry inflates to at most the size its directory entry declares (and the whole archive
 * to at most `maxTotalBytes`), and its CRC-32 must match, or the archive is refused.
 */
import { crc32, inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Salesforce's documented ceiling for a retrieve's uncompressed content (600 x 1024 x 1024 bytes). */
export const DEFAULT_MAX_ZIP_BYTES = 600 * 1024 * 1024;

export interface ReadZipOptions {
  /** Refuse the archive once its entries inflate past this many bytes in total. */
  maxTotalBytes?: number;
}

/** File name -> content. Throws on a malformed, oversized or corrupted archive. */
export function readZip(zip: Buffer, options: ReadZipOptions = {}): Map<string, Buffer> {
  const maxTotal = options.maxTotalBytes ?? DEFAULT_MAX_ZIP_BYTES;
  let eocd = -1;
  // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
      throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const expectedCrc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER)
      throw new Error(`corrupt zip entry ${name}`);
    if (name.endsWith('/')) continue;
    total += size;
    if (total > maxTotal)
      throw new Error(`zip archive inflates past ${maxTotal} bytes (at entry ${name}); refused`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > zip.length) throw new Error(`zip entry ${name} is truncated`);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) content = inflate(data, size, name);
    else throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
    if (content.length !== size)
      throw new Error(`zip entry ${name} holds ${content.length} bytes, its directory says ${size}`);
    if (crc32(content) !== expectedCrc) throw new Error(`zip entry ${name} fails its CRC-32 check`);
    files.set(name, content);
  }
  return files;
}

/** Inflates at most `size` bytes: a deflate stream that would grow past its declared size is refused. */
function inflate(data: Buffer, size: number, name: string): Buffer {
  try {
    // maxOutputLength must be at least 1; an empty entry inflates to nothing either way.
    return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`zip entry ${name} inflates past the ${size} bytes its directory declares; refused`);
    throw new Error(`zip entry ${name} is not valid deflate data (${(error as Error).message})`);
  }
}
