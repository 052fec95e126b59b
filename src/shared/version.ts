// feedmill's version and home page, read once from package.json (used in --version and the User-Agent).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage?: string;
};

export const VERSION = pkg.version;
export const HOMEPAGE = pkg.homepage ?? 'https://github.com/feedmill/feedmill';
export const USER_AGENT = `feedmill/${VERSION} (+${HOMEPAGE})`;
