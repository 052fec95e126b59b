// Redis URLs as users write them: checked once when the config is read, and shown in messages
// and logs without their password.

/** A Redis URL without its password, for messages and logs (also when it does not parse). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // user:password@ as far as it can be recognised in a malformed URL
    return url.replace(/\/\/([^/@]*?):[^/@]*@/, '//$1:***@');
  }
}

/** Why url cannot be a Redis URL, or undefined when it can. */
export function redisUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${redactUrl(url)}; expected redis://[user:password@]host[:port][/db] or rediss://... for TLS`;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `${redactUrl(url)}: expected the redis:// or rediss:// scheme, got ${parsed.protocol}`;
  }
  if (!parsed.hostname) return `${redactUrl(url)}: no host; expected redis://host[:port]`;
  if (parsed.pathname.length > 1 && !/^\/\d{1,2}$/.test(parsed.pathname)) {
    return `${redactUrl(url)}: the path must be a database number such as /0`;
  }
  return undefined;
}
