/**
 * The digests GCS reports for an object (base64 MD5 and base64 big-endian CRC32C), computed for a
 * local file, so an upload can be checked against what the bucket says it stored.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) lookup table. */
const table = Uint32Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? (value >>> 1) ^ 0x82f63b78 : value >>> 1;
  return value >>> 0;
});

export interface ObjectDigests {
  readonly md5: string;
  readonly crc32c: string;
  readonly bytes: number;
}

export async function objectDigests(path: string): Promise<ObjectDigests> {
  const md5 = createHash('md5');
  let crc = 0xffffffff;
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    md5.update(buffer);
    bytes += buffer.length;
    for (const byte of buffer) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return { md5: md5.digest('base64'), crc32c: crcBytes.toString('base64'), bytes };
}
