// How a Story lies in its Redis hash (keys.story): one field per Story property, each a JSON
// value, so that the ingest script can replace a story's text without touching its sources.
// Fields starting with "_" are the store's bookkeeping (signature, claim keys) and stay inside.

import type { Story } from '../shared/types.js';

/** Fields that make up one version of a story's text; a fuller copy replaces them together. */
export const TEXT_FIELDS = ['title', 'summary', 'content', 'authors', 'tags', 'enclosures'] as const;
/** Fields set once, when the story is created. */
export const CREATE_FIELDS = ['id', 'link', 'canonicalLink', 'published', 'updated', 'firstSeen'] as const;

type TextField = (typeof TEXT_FIELDS)[number];
type CreateField = (typeof CREATE_FIELDS)[number];

/** [field, json, field, json, ...] as HSET takes them; a missing value is stored as null so that it replaces an old one. */
export function encodeFields(story: Pick<Story, TextField | CreateField>, fields: readonly (TextField | CreateField)[]): string[] {
  return fields.flatMap((field) => [field, JSON.stringify(story[field] ?? null)]);
}

/** A story hash as HGETALL returns it, or undefined for a missing (empty) hash. */
export function decodeStory(hash: Record<string, string>): Story | undefined {
  if (hash.id === undefined) return undefined;
  const value = (field: keyof Story): unknown => {
    const raw = hash[field];
    return raw === undefined ? undefined : (JSON.parse(raw) ?? undefined);
  };
  const published = value('published') as number;
  return {
    id: value('id') as string,
    title: (value('title') as string | undefined) ?? '',
    link: value('link') as string | undefined,
    canonicalLink: value('canonicalLink') as string | undefined,
    summary: value('summary') as string | undefined,
    content: value('content') as string | undefined,
    authors: (value('authors') as Story['authors'] | undefined) ?? [],
    tags: (value('tags') as Story['tags'] | undefined) ?? [],
    enclosures: (value('enclosures') as Story['enclosures'] | undefined) ?? [],
    published,
    updated: (value('updated') as number | undefined) ?? published,
    firstSeen: (value('firstSeen') as number | undefined) ?? published,
    sources: (value('sources') as Story['sources'] | undefined) ?? [],
    categories: (value('categories') as Story['categories'] | undefined) ?? [],
  };
}
