// Characters XML 1.0 forbids: C0 controls other than tab, newline and return; U+FFFE and
// U+FFFF; lone surrogates. They break the XML feeds feedmill writes, so every text
// that leaves parsing passes through here.

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Surrogates are fine in pairs (emoji); this cheaper test only decides whether to look closer.
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

export function removeControlChars(text: string): string {
  return SUSPECT.test(text) ? text.replace(FORBIDDEN, '') : text;
}
