// How a Story lies in Redis (keys.story): one string per story, so that it costs one key and
// no per-field overhead, laid out for the ingest script to read and rewrite without decoding
// what it does not change:
//
//   <length> <signature> state \n sources \n categories \n published \n text
//
// length is one byte n for a signature of n < 255 bytes, else 255 and two bytes (big-endian);
// the signature is encodeSignature()'s (src/dedupe/near-duplicate.ts).
//
// state is "<text length> <updated> <text source id>", updated empty when it is the published
// time and the source empty when it is the story's first; sources and categories are JSON arrays
// (the script appends a source and swaps categories as text); published is the story's time in
// ms; text is JSON of one version of the story's text, which a fuller copy replaces whole. The
// story's link and first-seen time are those of its first source, so they are not stored twice.
// A source, a category and the text are JSON arrays by position, not objects, since the names
// of their fields cost as much as a short title in every record (see encodeSource, encodeCategories
// and encodeText); what an older release wrote, objects, still reads, alone or mixed with arrays
// in one list (such a story's next source is appended as an array).
// JSON never holds a raw newline, so the sections split on "\n"; the signature may, which is
// why it comes first with its length. A tombstone (a story retention removed, kept for the
// dedupe window so that its copies are not taken for new) is "<length> <signature> pruned \n
// sources". An alias (see ALIAS_STATE) is "<length> <signature> alias \n <story id>".
// src/store/lua/ingest-items.ts and prune-stories.ts read and write the same layout.

import type { CategoryAssignment, Story, StorySource } from '../shared/types.js';

export const TOMBSTONE_STATE = 'pruned';
/**
 * An alias (a version of a story that a copy merged, whose signature differs from the story's) is
 * "<length> <signature> alias \n <story id>" under a story key of its own: the copy's index
 * entries name the alias, so that a later item finding them is compared with that version, and
 * merges into the story the alias names. At most MAX_ALIASES per story, with ids derived from
 * the story's (aliasIdLua below), so that pruning the story deletes them; each
 * expires with the index entries that name it. decodeStory() reads one as no story.
 */
export const ALIAS_STATE = 'alias';
export const MAX_ALIASES = 3;

/**
 * Lua: aliasIdOf(storyId, k), the id of a story's k-th alias (1..MAX_ALIASES). Derived from the
 * story's id, so that ingest-items.ts, which makes aliases, and prune-stories.ts, which deletes them
 * with their story, name the same keys without a list kept anywhere.
 */
export const aliasIdLua = `
local function aliasIdOf(storyId, k)
  return string.sub(redis.sha1hex('alias ' .. k .. ' ' .. storyId), 1, 20)
end
`;

type Text = Pick<Story, 'title' | 'summary' | 'content' | 'authors' | 'tags' | 'enclosures'>;

/** What a source said about the story (the part a fuller copy replaces): [title, summary, content, authors, tags, enclosures], absent ones null or left off the end. */
export function encodeText(story: Text): string {
  return JSON.stringify(
    trimmed([
      story.title,
      story.summary ?? null,
      story.content ?? null,
      story.authors.length > 0 ? story.authors : null,
      story.tags.length > 0 ? story.tags : null,
      story.enclosures.length > 0 ? story.enclosures : null,
    ]),
  );
}

/**
 * One source's entry in the story's sources: [firstSeen, id, title, link, guid, item], title
 * null when it is the id (a source configured without one), link null for none, and guid null
 * when it is the link (as many feeds' guids are). firstSeen leads so that retention finds the
 * story's first one with a pattern (prune-stories.ts). `item` tells apart items of one source
 * that share a link (a hash of its reader link and title), and never reaches a Story.
 */
export function encodeSource(source: StorySource, item: string): string {
  const { id, title, link, guid, firstSeen } = source;
  return JSON.stringify([firstSeen, id, title === id ? null : title, link ?? null, guid === link ? null : guid, item]);
}

/** A story's categories: [id, score, layer, reason] each (the ingest script reads the ids). */
export function encodeCategories(categories: CategoryAssignment[]): string {
  return JSON.stringify(categories.map(({ id, score, layer, reason }) => [id, score, layer, reason]));
}

function trimmed(values: unknown[]): unknown[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return values.slice(0, end);
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
  const t = decodeText(JSON.parse(text) as unknown[] | Partial<Text>);
  const storySources = (JSON.parse(sources) as SourceEntry[]).map(decodeSource);
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
    categories: (JSON.parse(categories) as (unknown[] | CategoryAssignment)[]).map(decodeCategory),
  };
}

/** A source entry as encodeSource() writes it, or as an older release did (an object, its `item` dropped here). */
type SourceEntry = [number, string, string | null, string | null, string | null, string] | (StorySource & { item?: string });

function decodeSource(entry: SourceEntry): StorySource {
  if (!Array.isArray(entry)) {
    const { item: _item, ...source } = entry;
    return source;
  }
  const [firstSeen, id, title, link, guid] = entry;
  // The fields in the order an older release's object has them (renderers list them as they come).
  if (link === null) return { id, title: title ?? id, guid: guid ?? '', firstSeen };
  return { id, title: title ?? id, link, guid: guid ?? link, firstSeen };
}

function decodeCategory(category: unknown[] | CategoryAssignment): CategoryAssignment {
  if (!Array.isArray(category)) return category;
  const [id, score, layer, reason] = category as [string, number, CategoryAssignment['layer'], string];
  return { id, score, layer, reason };
}

function decodeText(text: unknown[] | Partial<Text>): Partial<Text> {
  if (!Array.isArray(text)) return text;
  const [title, summary, content, authors, tags, enclosures] = text.map((value) => value ?? undefined) as [
    string,
    string?,
    string?,
    string[]?,
    string[]?,
    Text['enclosures']?,
  ];
  return { title, summary, content, authors, tags, enclosures };
}
