// Generated source feeds for the benchmarks: deterministic (seeded), realistic sizes, with a
// share of stories syndicated across sources (same link, tracking parameters added) so that
// dedupe does real work.

import { FILLER, rng, TOPICS } from './scale/farm-data.js';

/** Five of the scale farm's topic vocabularies. */
const WORDS: Record<string, string[]> = Object.fromEntries(
  ['politics', 'business', 'science', 'sports', 'lifestyle'].map((id) => [id, TOPICS[id] as string[]]),
);

interface GenItem {
  title: string;
  link: string;
  guid: string;
  summary: string;
  published: Date;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sentence(random: () => number, topic: string[], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const pool = random() < 0.45 ? topic : FILLER;
    out.push(pool[Math.floor(random() * pool.length)] as string);
  }
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface GeneratedSource {
  id: string;
  path: string;
  body: string;
  type: string;
}

/**
 * `sources` feeds of `itemsPerFeed` items each; about `sharedShare` of the items are drawn from a
 * pool of wire stories that several sources carry. Formats rotate: RSS 2.0, Atom 1.0, JSON Feed 1.1.
 */
export function generateFeeds(options: { sources: number; itemsPerFeed: number; sharedShare?: number; seed?: number; now?: number }): GeneratedSource[] {
  const random = rng(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const topics = Object.keys(WORDS);
  const wire: GenItem[] = Array.from({ length: Math.max(10, Math.round(options.sources * options.itemsPerFeed * (options.sharedShare ?? 0.2) / 3)) }, (_, i) => {
    const topic = WORDS[topics[i % topics.length] as string] as string[];
    return {
      title: sentence(random, topic, 9),
      link: `https://wire.example/story/${i}`,
      guid: `wire-${i}`,
      summary: `${sentence(random, topic, 28)}. ${sentence(random, topic, 22)}.`,
      published: new Date(now - Math.floor(random() * 3 * 86_400_000)),
    };
  });
  const out: GeneratedSource[] = [];
  for (let s = 0; s < options.sources; s++) {
    const id = `src-${String(s).padStart(4, '0')}`;
    const items: GenItem[] = [];
    for (let i = 0; i < options.itemsPerFeed; i++) {
      if (random() < (options.sharedShare ?? 0.2)) {
        const story = wire[Math.floor(random() * wire.length)] as GenItem;
        items.push({ ...story, link: `${story.link}?utm_source=${id}&utm_medium=rss`, guid: `${id}-${story.guid}` });
      } else {
        const topic = WORDS[topics[(s + i) % topics.length] as string] as string[];
        items.push({
          title: sentence(random, topic, 10),
          link: `https://${id}.example/news/${i}`,
          guid: `${id}-${i}`,
          summary: `${sentence(random, topic, 30)}. ${sentence(random, topic, 20)}.`,
          published: new Date(now - Math.floor(random() * 7 * 86_400_000)),
        });
      }
    }
    const format = s % 3;
    if (format === 0) out.push({ id, path: `/${id}.xml`, type: 'application/rss+xml; charset=utf-8', body: toRss(id, items) });
    else if (format === 1) out.push({ id, path: `/${id}.atom`, type: 'application/atom+xml; charset=utf-8', body: toAtom(id, items) });
    else out.push({ id, path: `/${id}.json`, type: 'application/feed+json; charset=utf-8', body: toJsonFeed(id, items) });
  }
  return out;
}

function toRss(id: string, items: GenItem[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${id}</title><link>https://${id}.example/</link><description>Generated feed ${id}</description>
${items.map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${i.guid}</guid><description>${esc(`<p>${i.summary}</p>`)}</description><pubDate>${i.published.toUTCString()}</pubDate></item>`).join('\n')}
</channel></rss>`;
}

function toAtom(id: string, items: GenItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${id}</title><id>urn:bench:${id}</id><updated>${new Date().toISOString()}</updated><link href="https://${id}.example/"/>
${items.map((i) => `<entry><title>${esc(i.title)}</title><id>urn:bench:${i.guid}</id><link rel="alternate" href="${esc(i.link)}"/><updated>${i.published.toISOString()}</updated><summary type="html">${esc(`<p>${i.summary}</p>`)}</summary></entry>`).join('\n')}
</feed>`;
}

function toJsonFeed(id: string, items: GenItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: id,
    home_page_url: `https://${id}.example/`,
    items: items.map((i) => ({ id: i.guid, url: i.link, title: i.title, content_html: `<p>${i.summary}</p>`, date_published: i.published.toISOString() })),
  });
}
