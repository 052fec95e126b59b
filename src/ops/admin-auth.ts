// Serve stage, ops side: who may see the admin pages. They exist only when FEEDMILL_ADMIN_TOKEN
// is set, and answer only requests that carry that token: an `Authorization: Bearer` header, or a
// `?token=` query once, which sets an HttpOnly SameSite=Strict cookie so that the dashboard's own
// follow-up requests (scripts, styles, its JSON API) are let in too. The cookie carries an HMAC
// of the token, never the token itself (a leaked cookie does not give away the token that the
// API and other processes accept), and is Secure when the public base URL is https. Tokens are
// compared in constant time, so response timing says nothing about how much of a guess was right.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route, RouteContext } from '../server/routes.js';
import { sendText } from './respond.js';

export const ADMIN_TOKEN_ENV = 'FEEDMILL_ADMIN_TOKEN';
export const ADMIN_COOKIE = 'feedmill_admin';
const COOKIE_PATH = '/admin';

/** The admin token, or undefined when the admin pages are off. */
export function adminTokenFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env[ADMIN_TOKEN_ENV]?.trim();
  return token ? token : undefined;
}

export function isSameToken(given: string, expected: string): boolean {
  // Hashing first gives both sides one length, which timingSafeEqual needs, without leaking the real length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The admin session cookie's value: derived from the token, from which the token cannot be recovered. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('feedmill admin session v1').digest('base64url');
}

/**
 * Wraps a handler so that it runs only for requests carrying the token (or the session cookie
 * derived from it). `isHttps` says whether the public base URL is https (the cookie is then Secure).
 */
export function requireAdmin(token: string, handle: Route['handle'], isHttps: () => boolean = () => false): Route['handle'] {
  const session = sessionValue(token);
  return (req, res, context) => {
    if (hasToken(bearerOf(req), token) || hasToken(cookieOf(req), session)) return handle(req, res, context);
    const query = context.url.searchParams.get('token');
    if (query !== null && isSameToken(query, token)) {
      res.setHeader('set-cookie', sessionCookie(req, session, isHttps()));
      if (req.method === 'GET' || req.method === 'HEAD') {
        redirectWithoutToken(res, context);
        return;
      }
      return handle(req, res, context);
    }
    res.setHeader('www-authenticate', 'Bearer realm="feedmill admin"');
    sendText(res, 401, `Unauthorized: send the admin token as "Authorization: Bearer <token>", or open this page once with ?token=<token>.\n`);
  };
}

function hasToken(given: string | undefined, token: string): boolean {
  return given !== undefined && isSameToken(given, token);
}

function bearerOf(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function sessionCookie(req: IncomingMessage, session: string, isHttps: boolean): string {
  const secure = isHttps || 'encrypted' in req.socket || req.headers['x-forwarded-proto'] === 'https';
  return `${ADMIN_COOKIE}=${session}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The token leaves the address bar (and the browser history) right after it set the cookie. */
function redirectWithoutToken(res: ServerResponse, { url }: RouteContext): void {
  const clean = new URL(url);
  clean.searchParams.delete('token');
  res.writeHead(303, { location: `${clean.pathname}${clean.search}`, 'cache-control': 'no-store' });
  res.end();
}
