// Dedupe stage, first test: one story is one page, however a source spells its URL.
// canonicalLink() maps the spellings of one page (http or https, www., AMP editions,
// tracking parameters, fragments, parameter order, a trailing slash) to one string.
// The result is an identity for dedupe, not a link to show: it always says https.
// It never throws: a link that does not parse comes back trimmed.

/** Query parameters that only say where a reader came from (exact names, compared lowercased). */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'ref',
  'cmpid',
  '_ga',
  'igshid',
  'yclid',
]);

/** Host prefixes that serve the same page as the bare host. */
const HOST_ALIASES = /^(?:www\d*|amp)\./;

export function canonicalLink(url: string, extraTrackingParams: readonly string[] = []): string {
  const trimmed = url.trim();
  const parsed = webUrl(trimmed);
  return parsed ? canonicalOf(parsed, extraTrackingParams) : trimmed;
}

/**
 * canonicalLink() and readerLink() of one link, the URL parsed once for both (the store needs
 * both forms of every item's link).
 */
export function linkForms(url: string, extraTrackingParams: readonly string[] = []): { canonical: string; reader: string } {
  const trimmed = url.trim();
  const parsed = webUrl(trimmed);
  if (!parsed) return { canonical: trimmed, reader: trimmed };
  // The canonical form only reads the URL; the reader's form then edits it.
  const canonical = canonicalOf(parsed, extraTrackingParams);
  return { canonical, reader: readerOf(parsed, extraTrackingParams) };
}

/** The URL of an http or https link, or undefined for one that does not parse or has another scheme. */
function webUrl(trimmed: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
}

function canonicalOf(parsed: URL, extraTrackingParams: readonly string[]): string {
  const host = parsed.hostname.replace(HOST_ALIASES, '');
  // http's and https's default ports both vanish: the scheme itself is folded into https.
  const port = parsed.port === '' || parsed.port === '80' || parsed.port === '443' ? '' : `:${parsed.port}`;
  const path = canonicalPath(parsed.pathname);
  // A link without a query (most) asks for no URLSearchParams: it would keep nothing.
  const query = parsed.search === '' ? '' : canonicalQuery(parsed.searchParams, extraTrackingParams);
  return `https://${host}${port}${path}${query}`;
}

/** Drops AMP path forms and a trailing slash ("/a/b/", "/a/b/amp", "/amp/a/b", "/a/b.amp.html"). */
function canonicalPath(pathname: string): string {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.length > 1 && segments.at(-1)?.toLowerCase() === 'amp') segments.pop();
  if (segments.length > 1 && segments[0]?.toLowerCase() === 'amp') segments.shift();
  const last = segments.length - 1;
  if (last >= 0) segments[last] = (segments[last] as string).replace(/\.amp(\.html?)?$/i, (_, ext: string | undefined) => ext ?? '');
  return `/${segments.join('/')}`;
}

/**
 * The link to show readers: the source's own link with tracking parameters and a tracking
 * fragment removed, and nothing else changed (scheme, host and path stay as the publisher wrote
 * them, unlike canonicalLink, which is an identity and may not even resolve). Other fragments
 * stay: some feeds tell their posts apart only by an anchor on one page.
 */
export function readerLink(url: string, extraTrackingParams: readonly string[] = []): string {
  const parsed = webUrl(url.trim());
  return parsed ? readerOf(parsed, extraTrackingParams) : url.trim();
}

/** readerLink() of a parsed http or https link; edits `parsed`. */
function readerOf(parsed: URL, extraTrackingParams: readonly string[]): string {
  const extra = new Set(extraTrackingParams.map((name) => name.toLowerCase()));
  // Without a query there is nothing to delete, and without a "#" no fragment to clear: most links
  // have neither, and skip the URLSearchParams and the setter's new serialization.
  if (parsed.search !== '') {
    for (const name of [...new Set(parsed.searchParams.keys())]) {
      if (isTrackingParam(name.toLowerCase(), extra)) parsed.searchParams.delete(name);
    }
  }
  if (parsed.href.includes('#') && isTrackingFragment(parsed.hash.slice(1), extra)) parsed.hash = '';
  return parsed.toString();
}

/** Fragments that only say where a reader came from: "#tk.rss_all", "#xtor=RSS-1", "#utm_source=feed", "#sthash.x1.dpbs", "#rss". */
const TRACKING_FRAGMENT = /^(?:tk\.|sthash\.|xtor=|rss$|at_|ito=)/i;

function isTrackingFragment(fragment: string, extra: ReadonlySet<string>): boolean {
  if (fragment === '' || TRACKING_FRAGMENT.test(fragment)) return true;
  const name = /^([^=&]+)=/.exec(fragment)?.[1];
  return name !== undefined && isTrackingParam(name.toLowerCase(), extra);
}

function isTrackingParam(lowerName: string, extra: ReadonlySet<string>): boolean {
  return lowerName.startsWith('utm_') || TRACKING_PARAMS.has(lowerName) || extra.has(lowerName);
}

function canonicalQuery(params: URLSearchParams, extraTrackingParams: readonly string[]): string {
  const extra = new Set(extraTrackingParams.map((name) => name.toLowerCase()));
  const kept: [string, string][] = [];
  for (const [name, value] of params) {
    const lower = name.toLowerCase();
    if (isTrackingParam(lower, extra)) continue;
    if (isAmpSwitch(lower, value)) continue;
    kept.push([name, value]);
  }
  if (kept.length === 0) return '';
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `?${new URLSearchParams(kept).toString()}`;
}

/** "?amp", "?amp=1", "?amp=true" and "?outputType=amp" ask for the AMP edition of the same page. */
function isAmpSwitch(lowerName: string, value: string): boolean {
  if (lowerName === 'amp') return value === '' || value === '1' || value.toLowerCase() === 'true';
  return lowerName === 'outputtype' && value.toLowerCase() === 'amp';
}
