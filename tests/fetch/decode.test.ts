// decodeFeedBody on real-world encodings kept as fixture files, each with the title a
// reader should see (tests/fixtures/encodings/expected.json says why each case exists).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeFeedBody } from '../../src/feeds/decode/index.js';

const dir = new URL('../fixtures/encodings/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  { contentType?: string; title: string; note: string }
>;

function titleOf(text: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? (/^\{/.test(text) ? (JSON.parse(text) as { title?: string }).title : undefined);
}

describe('fixtures', () => {
  test.each(Object.entries(expected))('%s', (file, { contentType, title }) => {
    const text = decodeFeedBody(readFileSync(new URL(file, dir)), contentType);
    expect(titleOf(text)).toBe(title);
    expect(text[0]).toMatch(/[<{]/);
  });
});

describe('edge cases', () => {
  test('invalid bytes in a multi-byte encoding are replaced, never fatal', () => {
    const declaration = Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><t>');
    const body = Buffer.concat([declaration, Buffer.from([0x82, 0xff, 0x81]), Buffer.from('</t>')]);
    expect(() => decodeFeedBody(body)).not.toThrow();
    expect(decodeFeedBody(body).endsWith('</t>')).toBe(true);
  });

  test('a body with no clue at all is read as UTF-8', () => {
    expect(decodeFeedBody(Buffer.from('<rss><title>naïve</title></rss>'))).toBe('<rss><title>naïve</title></rss>');
  });

  test('latin-1 labels decode 0x80-0x9F as windows-1252 punctuation, as browsers do', () => {
    const body = Buffer.from([...Buffer.from('<t>'), 0x93, 0x68, 0x69, 0x94, ...Buffer.from('</t>')]);
    expect(decodeFeedBody(body, 'text/xml; charset=iso-8859-1')).toBe('<t>“hi”</t>');
  });

  test('a body declared windows-1252 but written in UTF-8 reads as UTF-8; real windows-1252 bytes stay windows-1252', () => {
    const utf8 = Buffer.from('<?xml version="1.0" encoding="windows-1252"?><t>Brøndby “IF”</t>');
    expect(decodeFeedBody(utf8)).toBe('<?xml version="1.0" encoding="windows-1252"?><t>Brøndby “IF”</t>');
    const cp1252 = Buffer.from([...Buffer.from('<?xml version="1.0" encoding="windows-1252"?><t>Br'), 0xf8, ...Buffer.from('ndby</t>')]);
    expect(decodeFeedBody(cp1252)).toBe('<?xml version="1.0" encoding="windows-1252"?><t>Brøndby</t>');
  });

  test('a body without "<" or "{" comes back trimmed, for the parser to reject', () => {
    expect(decodeFeedBody(Buffer.from('\uFEFF  Service Unavailable \n'))).toBe('Service Unavailable');
  });

  test('an empty body is an empty string', () => {
    expect(decodeFeedBody(Buffer.alloc(0), 'application/rss+xml')).toBe('');
  });
});
