// Independent readers of feedmill's output: Python's feedparser (Debian's python3-feedparser,
// always through /usr/bin/python3 since another python3 may come first on PATH) and xmllint.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ParsedByFeedparser {
  version: string;
  bozo: number;
  bozoException?: string;
  feed: { title?: string; links: { rel?: string; href?: string; type?: string }[]; updated?: string; icon?: string; language?: string };
  entries: {
    id?: string;
    title?: string;
    titleType?: string;
    link?: string;
    published?: string;
    updated?: string;
    authors: string[];
    summary?: string;
    content: string[];
    tags: string[];
    source?: { title?: string; href?: string };
    enclosures: { href?: string; type?: string; length?: string }[];
  }[];
}

const SCRIPT = String.raw`
import feedparser, json, sys, time, calendar
d = feedparser.parse(sys.argv[1])
def iso(t):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', t) if t else None
out = {
  'version': d.get('version', ''),
  'bozo': int(d.get('bozo', 0)),
  'bozoException': str(d.get('bozo_exception')) if d.get('bozo') else None,
  'feed': {
    'title': d.feed.get('title'),
    'links': [{'rel': l.get('rel'), 'href': l.get('href'), 'type': l.get('type')} for l in d.feed.get('links', [])],
    'updated': iso(d.feed.get('updated_parsed')),
    'icon': d.feed.get('icon') or d.feed.get('image', {}).get('href'),
    'language': d.feed.get('language'),
  },
  'entries': [{
    'id': e.get('id'),
    'title': e.get('title'),
    'titleType': e.get('title_detail', {}).get('type'),
    'link': e.get('link'),
    'published': iso(e.get('published_parsed')),
    'updated': iso(e.get('updated_parsed')),
    'authors': [a.get('name') for a in e.get('authors', []) if a.get('name')],
    'summary': e.get('summary'),
    'content': [c.get('value') for c in e.get('content', [])],
    'tags': [t.get('label') or t.get('term') for t in e.get('tags', [])],
    'source': {'title': e.source.get('title'), 'href': e.source.get('href')} if e.get('source') else None,
    'enclosures': [{'href': x.get('href'), 'type': x.get('type'), 'length': x.get('length')} for x in e.get('enclosures', [])],
  } for e in d.entries],
}
json.dump(out, sys.stdout)
`;

/** Runs `read` on a temporary file holding `text`, then removes the file. */
function withFile<T>(name: string, text: string, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-output-test-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseWithFeedparser(text: string, name = 'feed.xml'): ParsedByFeedparser {
  const result = withFile(name, text, (file) => spawnSync('/usr/bin/python3', ['-c', SCRIPT, file], { encoding: 'utf8', timeout: 20_000 }));
  if (result.error || result.status !== 0) {
    throw new Error(`feedparser failed (is python3-feedparser installed? apt-get install python3-feedparser): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as ParsedByFeedparser;
}

/** xmllint's complaints about a document, '' when it is well-formed. */
export function xmllintErrors(text: string, name = 'feed.xml'): string {
  return withFile(name, text, (file) => {
    try {
      execFileSync('xmllint', ['--noout', '--nonet', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
      return '';
    } catch (err) {
      const failure = err as { stderr?: string; message: string };
      return failure.stderr || failure.message;
    }
  });
}

/** Feedparser returns HTML-typed titles still escaped; this is the text a reader shows. */
export function titleText(entry: { title?: string; titleType?: string }): string | undefined {
  if (entry.title === undefined || entry.titleType !== 'text/html') return entry.title;
  return entry.title
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
