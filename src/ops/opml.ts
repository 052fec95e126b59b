// OPML 2.0 in and out for `feedmill opml import|export`: the subscription lists feed readers
// trade. Export writes the configured sources, grouped in one folder per fixed category.
// Import reads feed outlines and their folders; a folder whose text or title names a configured
// category (id or title) gives its feeds that category, other folders are reported, never
// turned into new categories. (This is the source list; /feeds.opml, served by
// src/server/opml.ts, lists feedmill's own output feeds.)
import { escapeMarkup as escapeXml } from '../feeds/render/xml-safe.js';
import type { Config } from '../shared/config.js';
import { FeedmillError } from '../shared/errors.js';
import type { SourceConfig } from '../shared/types.js';
import { sameFeedUrl, type NewSource } from './config-edit.js';

export interface OpmlFeed {
  xmlUrl: string;
  title?: string;
  htmlUrl?: string;
  /** Texts of the folders around it, outermost first. */
  folders: string[];
}

export interface ImportPlan {
  add: NewSource[];
  skipped: { url: string; reason: string }[];
  /** Folders that match no configured category; their feeds are added without a fixed category. */
  unknownFolders: string[];
}

export function renderSourcesOpml(config: Config, now = new Date()): string {
  const outline = (s: SourceConfig, indent: string) =>
    `${indent}<outline ${attributes({ type: 'rss', text: s.title ?? s.id, title: s.title ?? s.id, xmlUrl: s.url })}/>`;
  const lines: string[] = [];
  for (const category of config.categories) {
    const members = config.sources.filter((s) => s.category === category.id);
    if (members.length === 0) continue;
    lines.push(`    <outline ${attributes({ text: category.title, title: category.title })}>`);
    for (const s of members) lines.push(outline(s, '      '));
    lines.push('    </outline>');
  }
  // Sources without a fixed category are categorized story by story: no folder fits them.
  for (const s of config.sources.filter((s) => s.category === undefined)) lines.push(outline(s, '    '));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(`${config.output.title} sources`)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Every feed outline (one with an xmlUrl) of an OPML document, with its folders. */
export function readOpmlFeeds(text: string, file = 'OPML file'): OpmlFeed[] {
  if (!/<opml[\s>]/i.test(text)) throw new FeedmillError('PARSE_ERROR', `${file}: not an OPML document (no <opml> element)`);
  const feeds: OpmlFeed[] = [];
  const folders: string[] = [];
  // Outlines carry everything in attributes, so a scan of outline tags is all OPML needs;
  // comments are dropped first so a commented-out outline stays out.
  const body = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const match of body.matchAll(/<(\/?)outline\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/gi)) {
    const [, closing, rawAttributes = '', selfClosing] = match;
    if (closing) {
      folders.pop();
      continue;
    }
    const attrs = parseAttributes(rawAttributes);
    const xmlUrl = attrs.xmlurl?.trim();
    const label = attrs.text ?? attrs.title ?? '';
    if (xmlUrl) feeds.push({ xmlUrl, title: attrs.title ?? attrs.text, htmlUrl: attrs.htmlurl, folders: [...folders] });
    if (!selfClosing) folders.push(xmlUrl ? '' : label);
  }
  return feeds;
}

/** Which feeds to add (with categories from their folders) and which to skip, against the current config. */
export function planImport(config: Config, feeds: OpmlFeed[]): ImportPlan {
  const byName = new Map<string, string>();
  for (const c of config.categories) {
    byName.set(c.id.toLowerCase(), c.id);
    byName.set(c.title.toLowerCase(), c.id);
  }
  const configured = new Map(config.sources.map((s) => [sameFeedUrl(s.url), s.id]));
  const seen = new Set<string>();
  const unknown = new Set<string>();
  const plan: ImportPlan = { add: [], skipped: [], unknownFolders: [] };
  for (const feed of feeds) {
    if (!isHttpUrl(feed.xmlUrl)) {
      plan.skipped.push({ url: feed.xmlUrl, reason: 'not an http(s) URL' });
      continue;
    }
    const key = sameFeedUrl(feed.xmlUrl);
    const existing = configured.get(key);
    if (existing !== undefined) {
      plan.skipped.push({ url: feed.xmlUrl, reason: `already configured as "${existing}"` });
      continue;
    }
    if (seen.has(key)) {
      plan.skipped.push({ url: feed.xmlUrl, reason: 'listed twice in the file' });
      continue;
    }
    seen.add(key);
    const named = feed.folders.filter((f) => f !== '');
    // The innermost folder that names a category wins ("News > Sports" is sports).
    const category = [...named].reverse().map((f) => byName.get(f.trim().toLowerCase())).find((id) => id !== undefined);
    for (const folder of named) if (!byName.has(folder.trim().toLowerCase())) unknown.add(folder);
    plan.add.push({ url: feed.xmlUrl, ...(feed.title ? { title: feed.title } : {}), ...(category ? { category } : {}) });
  }
  plan.unknownFolders = [...unknown];
  return plan;
}

function parseAttributes(raw: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, double, single] of raw.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    // OPML in the wild spells xmlUrl as xmlurl and XMLURL too.
    attrs[(name as string).toLowerCase()] = decodeEntities(double ?? single ?? '');
  }
  return attrs;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function attributes(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ');
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
