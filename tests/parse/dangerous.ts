// Tokens that must never appear in cleaned HTML: each one runs code, loads a document or
// changes how the page around a story behaves.

export const DANGEROUS = [
  /<script/i, /javascript:/i, /vbscript:/i, /\son\w+\s*=/i, /<iframe/i, /<object/i, /<embed/i, /<form/i,
  /<input/i, /<style/i, /<meta/i, /<base/i, /<link/i, /<svg/i, /data:text/i,
];
