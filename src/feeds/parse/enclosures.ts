// Attached media as feeds list them: RSS <enclosure>, Atom <link rel="enclosure">, and Media RSS
// <media:content> (alone or in <media:group>), which news sites use for the story's image or video.
// Media RSS also describes the media, and for YouTube that description is all the text there is.

import type { Enclosure } from '../../shared/types.js';
import { resolveWebUrl, textToHtml } from '../sanitize/index.js';
import { attributeOf, childrenOf, elements, textOf, type RawFields } from './xml-tree.js';

export function toEnclosure(href: string | undefined, type: string | undefined, length: string | undefined, base: string): Enclosure | undefined {
  const url = resolveWebUrl(href, base);
  if (!url) return undefined;
  const enclosure: Enclosure = { url };
  const mime = type?.trim().toLowerCase();
  if (mime && /^[a-z]+\/[\w.+-]+$/.test(mime)) enclosure.type = mime;
  const bytes = Number(length?.trim());
  // Feeds write 0 or -1 for "unknown"; only a real size is worth passing on.
  if (length && Number.isSafeInteger(bytes) && bytes > 0) enclosure.length = bytes;
  return enclosure;
}

export function mediaEnclosures(fields: RawFields, base: string): Enclosure[] {
  const contents = [...elements(fields, 'media:content'), ...elements(fields, 'media:group').flatMap((g) => childrenOf(g, 'media:content'))];
  return contents.flatMap((content) => {
    const enclosure = toEnclosure(attributeOf(content, 'url'), attributeOf(content, 'type'), attributeOf(content, 'fileSize'), base);
    return enclosure ? [enclosure] : [];
  });
}

/** The item's or its media:group's media:description as HTML (plain text unless type="html"). */
export function mediaDescriptionHtml(fields: RawFields): string | undefined {
  // A media:description inside one media:content is that image's alt text, not the story's.
  const [description] = [...elements(fields, 'media:description'), ...elements(fields, 'media:group').flatMap((g) => childrenOf(g, 'media:description'))];
  const text = textOf(description)?.trim();
  if (!text) return undefined;
  return attributeOf(description, 'type')?.toLowerCase() === 'html' ? text : textToHtml(text);
}
