// Decode stage: finding out which character encoding a feed body is in, from the three
// places that can say so: the Content-Type header, a byte order mark, and the XML
// declaration (XML 1.0 appendix F; RFC 7303 for the header's precedence).
import iconv from 'iconv-lite';

export type Utf16 = 'utf-16le' | 'utf-16be';

/**
 * Labels that browsers decode as windows-1252 (WHATWG Encoding): feeds labelled latin-1 or
 * ASCII use the 0x80-0x9F bytes for curly quotes and dashes far more often than for C1 controls.
 */
const WINDOWS_1252_ALIASES = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'l1',
  'cp819',
  'ibm819',
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'windows-1252',
  'cp1252',
  'x-cp1252',
]);

/** A usable iconv-lite encoding name for a charset label, or undefined for unknown labels. */
export function normalizeLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const name = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (WINDOWS_1252_ALIASES.has(name)) return 'windows-1252';
  if (name === 'utf8' || name === 'unicode-1-1-utf-8') return 'utf-8';
  if (name === 'unicode' || name === 'ucs-2') return 'utf-16';
  return iconv.encodingExists(name) ? name : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return /;\s*charset\s*=\s*["']?([^"';\s,]+)/i.exec(contentType)?.[1];
}

/** The encoding a byte order mark announces, and how many bytes the mark takes. */
export function sniffBom(body: Buffer): { encoding: 'utf-8' | Utf16; length: number } | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16 without a BOM shows as "<" next to a zero byte (XML 1.0 appendix F). */
export function sniffUtf16(body: Buffer): Utf16 | undefined {
  if (body[0] === 0x3c && body[1] === 0x00) return 'utf-16le';
  if (body[0] === 0x00 && body[1] === 0x3c) return 'utf-16be';
  return undefined;
}

/** The encoding="..." of an XML declaration in an ASCII-compatible body (UTF-16 is told by its layout instead). */
export function declaredEncoding(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('latin1');
  return /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

export function isUtf16(encoding: string): boolean {
  return encoding.startsWith('utf-16') || encoding === 'ucs2';
}
