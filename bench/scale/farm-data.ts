// The scale bench's farm, as data: N sources x K items, deterministic from a seed, so that the
// farm process (which serves the feeds) and the bench (which checks what feedmill stored) derive
// the same farm without shipping it between processes. A share of the items are wire stories
// carried by several sources: the same link with tracking parameters added, and the text lightly
// edited. The ground truth is the set of distinct stories: one per link without tracking parameters.

export const HOSTS = 100;
export const FORMATS = ['rss', 'atom', 'json'] as const;
export type FarmFormat = (typeof FORMATS)[number];

export interface FarmItem {
  title: string;
  /** The link as this source publishes it (tracking parameters included). */
  link: string;
  /** The story's identity: the link without tracking parameters (ground truth). */
  storyLink: string;
  guid: string;
  summary: string;
  published: number;
}

export interface FarmSource {
  index: number;
  id: string;
  /** 1..HOSTS: the source is served on 127.0.0.<host>. */
  host: number;
  path: string;
  format: FarmFormat;
  items: FarmItem[];
}

export interface FarmOptions {
  sources: number;
  items: number;
  /** Share of items that are wire copies (default 0.2). */
  syndicated: number;
  seed: number;
  now: number;
}

/** Each category's words, shared with the bench's generated feeds (generate-feeds.ts). */
export const TOPICS: Readonly<Record<string, string[]>> = {
  politics: ['senate', 'vote', 'minister', 'election', 'coalition', 'bill', 'parliament', 'campaign', 'governor', 'reform', 'ballot', 'opposition'],
  world: ['embassy', 'border', 'ceasefire', 'refugees', 'summit', 'diplomats', 'sanctions', 'treaty', 'envoy', 'foreign', 'united', 'nations'],
  business: ['shares', 'earnings', 'quarter', 'merger', 'inflation', 'investors', 'revenue', 'bank', 'tariffs', 'profit', 'market', 'startup'],
  science: ['researchers', 'telescope', 'species', 'climate', 'study', 'genome', 'particle', 'fossil', 'orbit', 'ocean', 'laboratory', 'astronomers'],
  technology: ['software', 'chip', 'smartphone', 'app', 'cloud', 'startup', 'encryption', 'robot', 'developers', 'browser', 'semiconductor', 'gadget'],
  health: ['vaccine', 'hospital', 'patients', 'doctors', 'virus', 'nurses', 'cancer', 'diabetes', 'surgery', 'clinic', 'infection', 'treatment'],
  sports: ['striker', 'championship', 'coach', 'season', 'goal', 'tournament', 'match', 'league', 'injury', 'final', 'transfer', 'playoff'],
  entertainment: ['film', 'album', 'actor', 'concert', 'premiere', 'festival', 'singer', 'series', 'director', 'box', 'office', 'celebrity'],
  lifestyle: ['recipe', 'travel', 'garden', 'fashion', 'wellness', 'kitchen', 'holiday', 'design', 'restaurant', 'weekend', 'home', 'style'],
};
export const TOPIC_IDS = Object.keys(TOPICS);
export const FILLER = ['the', 'new', 'after', 'as', 'over', 'plans', 'says', 'report', 'first', 'week', 'city', 'national', 'record', 'talks', 'amid', 'deal'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'bri', 'del', 'fan', 'gor', 'hu', 'jen', 'kel', 'mar', 'nos', 'pra', 'quin', 'sel', 'tor', 'ul', 'vek', 'wen', 'yor', 'zed'];
/** Names and rare words: enough of them that unrelated stories do not look alike to near-duplicate detection. */
const NAMES = Array.from({ length: SYLLABLES.length ** 2 * 6 }, (_, i) => {
  const a = SYLLABLES[i % SYLLABLES.length] as string;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length] as string;
  const c = ['', 'a', 'on', 'ix', 'berg', 'ton'][Math.floor(i / SYLLABLES.length ** 2)] as string;
  return `${a}${b}${c}`;
});

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One of many independent random streams (sfc32, seeded with the farm's seed and the stream's
 * number). rng() above is one 2^32 cycle: streams seeded with nearby numbers are windows of it,
 * and at 10,000 sources a few sources' windows fell inside the wire stories' window, so that
 * different links carried the same text and near-duplicate detection rightly merged them.
 */
export function stream(seed: number, index: number): () => number {
  let a = seed >>> 0;
  let b = index >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function sentence(random: () => number, topic: string[], words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = random();
    out.push(r < 0.35 ? pick(random, topic) : r < 0.7 ? pick(random, NAMES) : pick(random, FILLER));
  }
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function story(random: () => number, topicIndex: number, link: string, guid: string, now: number): FarmItem {
  const topic = TOPICS[TOPIC_IDS[topicIndex % TOPIC_IDS.length] as string] as string[];
  const summary = `<p>${sentence(random, topic, 26)}. ${sentence(random, topic, 20)}.</p><p>Read more at <a href="${link}">the site</a>.</p>`;
  return { title: sentence(random, topic, 10), link, storyLink: link, guid, summary, published: now - Math.floor(random() * 5 * 86_400_000) };
}

const TRACKING = [
  (id: string) => `utm_source=${id}&utm_medium=rss&utm_campaign=feed`,
  (id: string) => `utm_source=${id}`,
  (id: string) => `fbclid=IwAR${id.replace(/\D/g, '')}x`,
  (id: string) => `ref=${id}&utm_content=wire`,
];

/** A wire story as one carrier publishes it: tracking parameters on the link, the text lightly edited. */
function carried(random: () => number, wire: FarmItem, sourceId: string): FarmItem {
  const edit = Math.floor(random() * 4);
  const title = edit === 0 ? wire.title.toUpperCase() : edit === 1 ? `${wire.title} - ${sourceId}` : wire.title;
  const summary =
    edit === 2 ? wire.summary.replace('</p><p>Read more', ' Our correspondent contributed reporting.</p><p>Read more') : edit === 3 ? wire.summary.replace(/<p>Read more.*$/, '') : wire.summary;
  return { ...wire, title, summary, link: `${wire.link}?${pick(random, TRACKING)(sourceId)}`, guid: `${sourceId}-${wire.guid}` };
}

export interface Farm {
  options: FarmOptions;
  /** Wire stories (shared by several sources). */
  wire: FarmItem[];
  source(index: number): FarmSource;
}

export function farm(options: FarmOptions): Farm {
  const wireRandom = stream(options.seed, 0);
  const wireCount = Math.max(10, Math.round((options.sources * options.items * options.syndicated) / 3));
  const wire = Array.from({ length: wireCount }, (_, i) => story(wireRandom, i, `https://wire.example/story/${i}`, `wire-${i}`, options.now));
  return {
    options,
    wire,
    source(index) {
      // Each source has its own stream, so one source can be derived without the others.
      const random = stream(options.seed, index + 1);
      const id = `src-${String(index).padStart(5, '0')}`;
      const format = FORMATS[index % FORMATS.length] as FarmFormat;
      const host = (index % HOSTS) + 1;
      const items: FarmItem[] = [];
      const used = new Set<number>();
      for (let i = 0; i < options.items; i++) {
        const w = Math.floor(random() * wire.length);
        if (random() < options.syndicated && !used.has(w)) {
          used.add(w);
          items.push(carried(random, wire[w] as FarmItem, id));
        } else {
          items.push(story(random, index + i, `https://${id}.example/news/${i}`, `${id}-${i}`, options.now));
        }
      }
      return { index, id, host, path: `/${id}.${format === 'rss' ? 'xml' : format}`, format, items };
    },
  };
}

/** The distinct stories of the farm as it is first served: the links a correct store holds once each. */
export function truthOf(f: Farm): Set<string> {
  const links = new Set<string>();
  for (let i = 0; i < f.options.sources; i++) for (const item of f.source(i).items) links.add(item.storyLink);
  return links;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function render(source: FarmSource): { body: string; type: string } {
  const { id, items } = source;
  if (source.format === 'rss') {
    return {
      type: 'application/rss+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${id}</title><link>https://${id}.example/</link><description>Scale farm feed ${id}</description>
${items.map((i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${i.guid}</guid><description>${esc(i.summary)}</description><pubDate>${new Date(i.published).toUTCString()}</pubDate></item>`).join('\n')}
</channel></rss>`,
    };
  }
  if (source.format === 'atom') {
    return {
      type: 'application/atom+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${id}</title><id>urn:farm:${id}</id><updated>${new Date(Math.max(...items.map((i) => i.published))).toISOString()}</updated><link href="https://${id}.example/"/>
${items.map((i) => `<entry><title>${esc(i.title)}</title><id>urn:farm:${i.guid}</id><link rel="alternate" href="${esc(i.link)}"/><updated>${new Date(i.published).toISOString()}</updated><summary type="html">${esc(i.summary)}</summary></entry>`).join('\n')}
</feed>`,
    };
  }
  return {
    type: 'application/feed+json; charset=utf-8',
    body: JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: id,
      home_page_url: `https://${id}.example/`,
      items: items.map((i) => ({ id: i.guid, url: i.link, title: i.title, content_html: i.summary, date_published: new Date(i.published).toISOString() })),
    }),
  };
}

/** An item a source adds while the farm runs (churn): its own text, so it is a new story, published now. */
const LIVE_SEED = 1_000_003;

export function liveItem(sourceId: string, n: number, now: number): FarmItem {
  const link = `https://${sourceId}.example/live/${n}`;
  return { ...story(stream(LIVE_SEED, n), n, link, `${sourceId}-live-${n}`, now), published: now };
}
