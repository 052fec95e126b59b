// Serve stage: the route table of feedmill's HTTP server. A route is a method list, a path
// (exact string or RegExp on the pathname) and a handler; the first match wins. Other parts of
// feedmill add routes (health, metrics, admin pages) through FeedServerDeps.extraRoutes.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  /** The request URL, parsed. */
  url: URL;
  /** Capture groups of a RegExp path. */
  params: string[];
}

export interface Route {
  /** GET routes answer HEAD too. */
  methods: readonly string[];
  path: string | RegExp;
  handle(req: IncomingMessage, res: ServerResponse, context: RouteContext): Promise<void> | void;
}

export function findRoute(routes: readonly Route[], method: string, pathname: string): { route: Route; params: string[] } | { allowed: string[] } | undefined {
  const allowed = new Set<string>();
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    const methods = route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods;
    if (methods.includes(method)) return { route, params };
    methods.forEach((m) => allowed.add(m));
  }
  return allowed.size > 0 ? { allowed: [...allowed] } : undefined;
}

function matchPath(path: string | RegExp, pathname: string): string[] | undefined {
  if (typeof path === 'string') return path === pathname ? [] : undefined;
  const match = path.exec(pathname);
  return match ? match.slice(1).map((group) => group ?? '') : undefined;
}
