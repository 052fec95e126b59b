// Cleaning what a source published before feedmill stores it: story HTML through an
// allow-list with absolute addresses, titles and other short fields to plain text.

export { sanitizeHtml } from './html.js';
export { clearSanitizeCache } from './sanitize-cache.js';
export { toPlainText, collapseWhitespace, decodeHtml, decodeReferencesInText, textToHtml } from './plain-text.js';
export { removeControlChars } from './control-chars.js';
export { resolveWebUrl } from './url.js';
