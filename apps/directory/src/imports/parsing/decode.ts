import { analyse } from 'chardet';
import iconv from 'iconv-lite';

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Decodes an uploaded file. Valid UTF-8 (with or without BOM) is taken as such; UTF-16 when it has
 * a BOM or chardet is sure of it; anything else is a single-byte file from a spreadsheet and is
 * decoded as Windows-1252 (a superset of Latin-1's printable characters, with € and œ).
 */
export function decodeFile(buffer: Buffer): { text: string; encoding: DetectedEncoding } {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const body = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // not UTF-8
  }
  const best = analyse(body)[0];
  if (best && best.confidence >= 90 && /^UTF-16(LE|BE)$/.test(best.name)) {
    const encoding = best.name.toLowerCase() as 'utf-16le' | 'utf-16be';
    return { text: iconv.decode(body, encoding), encoding };
  }
  return { text: iconv.decode(body, 'windows-1252'), encoding: 'windows-1252' };
}
