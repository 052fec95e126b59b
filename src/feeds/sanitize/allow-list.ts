// What story HTML may contain after cleaning: text structure, links, images and media.
// Everything else (scripts, styles, frames, plugins, forms, document-level tags, event
// handlers, style and class attributes) is dropped. Listing what is allowed, not what is
// forbidden, is what keeps a new browser feature from becoming a hole.

export const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'div', 'span',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'a', 'img', 'figure', 'figcaption', 'picture',
  'audio', 'video', 'source',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'blockquote', 'q', 'cite', 'pre', 'code', 'kbd', 'samp', 'var',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'time',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'details', 'summary',
];

export const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  audio: ['src', 'controls'],
  video: ['src', 'poster', 'controls', 'width', 'height'],
  source: ['src', 'type'],
  abbr: ['title'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  ol: ['start', 'reversed', 'type'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
};

export const URL_ATTRIBUTES = ['href', 'src', 'cite', 'poster'];

export const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

/** Inline images are kept only in these raster types: SVG can carry script, others are rare. */
export const INLINE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]+$/i;

/** Dropped together with everything inside them, not just their tags. */
export const DROP_WITH_CONTENT = [
  'script', 'style', 'noscript', 'template', 'textarea', 'option', 'select', 'button',
  'iframe', 'frame', 'frameset', 'noframes', 'object', 'embed', 'applet', 'noembed',
  'svg', 'math', 'head', 'title', 'xmp', 'plaintext',
];
