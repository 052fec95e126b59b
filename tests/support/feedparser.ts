// Python's feedparser, the reference liberal reader, as tests call it: Debian's python3-feedparser
// through /usr/bin/python3 (another python3 may come first on PATH); CI installs it. Tests that
// compare feedmill with it run only where it is installed, and say why not otherwise.
// Also the entries feedmill reads otherwise on purpose, shared by every comparison.

import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';

// HTML- and XHTML-typed titles come back as markup; their text is what a reader shows.
const SCRIPT = String.raw`
import feedparser, html, json, re, sys
out = {}
for path, url in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(path, 'rb') as f:
        data = f.read()
    headers = {'content-location': url}
    if path.endswith('.json'):
        headers['content-type'] = 'application/feed+json'
    d = feedparser.parse(data, response_headers=headers)
    entries = []
    for e in d.entries:
        title = e.get('title')
        if title is not None:
            if (e.get('title_detail') or {}).get('type') in ('text/html', 'application/xhtml+xml'):
                title = re.sub(r'<[^>]*>', '', title)
            title = html.unescape(title)
        entries.append({'title': title, 'link': e.get('link'), 'origLink': e.get('feedburner_origlink')})
    out[path] = entries
print(json.dumps(out))
`;

export interface FeedparserEntry {
  title?: string;
  link?: string;
  origLink?: string;
}

/** Entries feedmill reads otherwise on purpose, by feed file and the link feedparser reports, with why. */
export const DIVERGENCES: Record<string, Record<string, string>> = {
  'wordpress-broken-entities.xml': {
    'https://cortado.example/?p=412%E2%8C%A9=en': 'feedparser expands "&lang" in "?p=412&lang=en" to "〈" (an HTML entity without its ";"); browsers and feedmill keep the query parameter',
    'https://cortado.example/?p=398%E2%8C%A9=en': 'the same "&lang=" expansion',
  },
  'recover-html-entities.xml': {
    'https://handmade.example/post.php?id=1%E2%8C%A9=fr': 'the same "&lang=" expansion',
  },
};

export function feedparserAvailable(): { ok: boolean; why: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status === 0) return { ok: true, why: '' };
  return { ok: false, why: `${PYTHON} cannot import feedparser (${probe.error?.message ?? probe.stderr?.trim().split('\n').pop()}); install python3-feedparser` };
}

/** The entries feedparser reads in each file, read as if fetched from its url (JSON files as JSON Feed), by file path. One python run for all. */
export function readWithFeedparser(documents: { file: string; url: string }[]): Map<string, FeedparserEntry[]> {
  const args = documents.flatMap(({ file, url }) => [file, url]);
  const result = spawnSync(PYTHON, ['-c', SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`feedparser failed: ${result.error?.message ?? result.stderr}`);
  const byFile = JSON.parse(result.stdout) as Record<string, FeedparserEntry[]>;
  return new Map(documents.map(({ file }) => [file, byFile[file] ?? []]));
}

/** An http(s) link as a WHATWG URL string, else undefined (feedparser leaves unresolvable links relative). */
export function absoluteLink(link: string | undefined): string | undefined {
  if (!link || !/^https?:\/\//i.test(link)) return undefined;
  try {
    return new URL(link).href;
  } catch {
    return undefined;
  }
}

const SELF_LINK = /<(?:[\w.-]+:)?link\b(?=[^>]*\brel=["']self["'])[^>]*\bhref=["'](https?:[^"']+)["']/;

/**
 * The address a feed document gives for itself (its rel="self" link), if any. Comparisons read a
 * feed as if fetched from there: relative item links resolve against the document's address.
 */
export function selfLinkOf(text: string): string | undefined {
  return SELF_LINK.exec(text)?.[1];
}
