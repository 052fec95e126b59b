// Decode stage: the raw body fetch/ returned becomes a JS string for parse/. Never fails:
// unknown labels fall back to the next clue, invalid bytes become U+FFFD, and the two common
// mislabels stay readable: a body labelled UTF-8 that is really windows-1252, and a body
// labelled Latin-1 that is really UTF-8.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { charsetFromContentType, declaredEncoding, isUtf16, normalizeLabel, sniffBom, sniffUtf16 } from './charset.js';

export function decodeFeedBody(body: Buffer, contentType?: string): string {
  return stripLeadingJunk(decodeBytes(body, contentType));
}

/**
 * Trust order: a BOM first (as browsers do: the bytes cannot lie about it), then the
 * Content-Type charset, then the XML declaration, then UTF-8. A UTF-16 label without
 * UTF-16-looking bytes is a mislabel and is skipped; UTF-16 bytes without a BOM are only
 * decoded as such when no header says otherwise.
 */
function decodeBytes(body: Buffer, contentType: string | undefined): string {
  const bom = sniffBom(body);
  if (bom) return decodeAs(body.subarray(bom.length), bom.encoding);
  const layout = sniffUtf16(body);
  const fits = (encoding: string | undefined) => encoding !== undefined && (!isUtf16(encoding) || layout !== undefined);
  const fromHeader = normalizeLabel(charsetFromContentType(contentType));
  if (fits(fromHeader)) return decodeAs(body, fromHeader as string, layout);
  if (layout) return decodeAs(body, layout);
  const fromDeclaration = normalizeLabel(declaredEncoding(body));
  if (fits(fromDeclaration)) return decodeAs(body, fromDeclaration as string);
  return decodeAs(body, 'utf-8');
}

function decodeAs(bytes: Buffer, encoding: string, layout?: string): string {
  if (encoding === 'utf-8') return decodeUtf8(bytes);
  // A body labelled Latin-1 (or windows-1252) that is valid UTF-8 was written in UTF-8: real
  // Latin-1 text almost never forms valid multi-byte sequences ("BrÃ¸ndby" is "Brøndby" in UTF-8
  // read as Latin-1). Pure ASCII reads the same either way, so the native check alone decides.
  if (encoding === 'windows-1252' && isUtf8(bytes)) return bytes.toString('utf8');
  // "utf-16" says nothing about byte order; the layout of "<" does.
  const name = encoding === 'utf-16' ? (layout ?? 'utf-16be') : encoding;
  return iconv.decode(bytes, name);
}

/**
 * Invalid UTF-8 is usually windows-1252 mislabelled, and decoding it as such keeps "café"
 * readable. A body that is mostly valid UTF-8 with a few broken bytes (two feeds pasted
 * together) stays UTF-8, so its many good characters are not turned into mojibake.
 */
function decodeUtf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return text;
  let replaced = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replaced++;
    else if (code > 0x7f) nonAscii++;
  }
  if (replaced > 0 && replaced >= nonAscii) return iconv.decode(bytes, 'windows-1252');
  return text;
}

/** Drops a BOM and whatever a broken server put before the document (blank lines, PHP notices). */
function stripLeadingJunk(text: string): string {
  const start = text.search(/[<{]/);
  if (start > 0) return text.slice(start);
  if (start === 0) return text;
  return text.replace(/^\uFEFF/, '').trim();
}
