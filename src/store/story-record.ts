// How a Story lies in Redis (keys.story): one string per story, so that it costs one key and
// no per-field overhead, laid out for the ingest script to read and rewrite without decoding
// what it does not change:
//
//   <length> <signature> state \n sources \n categories \n published \n text
//
// length is one byte n for a signature of n < 255 bytes, else 255 and two bytes (big-endian);
// the signature is encodeSignature()'s (src/dedupe/near-duplicate.ts).
//
// state is "<text length> <updated> <text source id>"; sources and categories are JSON arrays
// (the script appends a source and swaps categories as text); published is the story's time in
// ms; text is JSON of one version of the story's text, which a fuller copy replaces whole. The
// story's link and first-seen time are those of its first source, so they are not stored twice.
// JSON never holds a raw newline, so the sections split on "\n"; the signature may, which is
// why it comes first with its length. A tombstone (a story retention removed, kept for the
// dedupe window so that its copies are not taken for new) is "<length> <signature> pruned \n
// sources". src/store/lua/ingest-items.ts and prune-stories.ts read and write the same layout.

import type { Story, StorySource } from '../shared/types.js';

export const TOMBSTONE_STATE = 'pruned';

/** What a source said about the story (the part a fuller copy replaces). */
export function encodeText(story: Pick<Story, 'title' | 'summary' | 'content' | 'authors' | 'tags' | 'enclosures'>): string {
  return JSON.stringify({
    title: story.title,
    summary: story.summary,
    content: story.content,
    authors: story.authors.length > 0 ? story.authors : undefined,
    tags: story.tags.length > 0 ? story.tags : undefined,
    enclosures: story.enclosures.length > 0 ? story.enclosures : undefined,
  });
}

/**
 * One source's entry in the story's sources; `item` tells apart items of one source that share
 * a link (a hash of its reader link and title), and never reaches a Story.
 */
export function encodeSource(source: StorySource, item: string): string {
  return JSON.stringify({ ...source, item });
}

/** Where a record's sections start: after the signature and its length. */
function textStart(record: Buffer): number {
  const n = record[0] as number;
  return n < 255 ? 1 + n : 3 + record.readUInt16BE(1);
}

/** A record as GET returns it (a Buffer, for the signature's bytes), or undefined for none or a tombstone. */
export function decodeStory(id: string, record: Buffer | null | undefined, canonical: (link: string) => string): Story | undefined {
  if (!record || record.length === 0) return undefined;
  const sections = record.subarray(textStart(record)).toString('utf8').split('\n');
  const [state = '', sources = '[]', categories = '[]', published = '0', text = '{}'] = sections;
  if (state === TOMBSTONE_STATE || sections.length < 5) return undefined;
  const [, updated] = state.split(' ');
  const t = JSON.parse(text) as Partial<Pick<Story, 'title' | 'summary' | 'content' | 'authors' | 'tags' | 'enclosures'>>;
  const storySources = (JSON.parse(sources) as (StorySource & { item?: string })[]).map(({ item: _item, ...source }) => source);
  const first = storySources[0];
  return {
    id,
    title: t.title ?? '',
    link: first?.link,
    canonicalLink: first?.link !== undefined ? canonical(first.link) : undefined,
    summary: t.summary,
    content: t.content,
    authors: t.authors ?? [],
    tags: t.tags ?? [],
    enclosures: t.enclosures ?? [],
    published: Number(published),
    updated: Number(updated) || Number(published),
    firstSeen: first?.firstSeen ?? Number(published),
    sources: storySources,
    categories: JSON.parse(categories) as Story['categories'],
  };
}
