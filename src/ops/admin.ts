// Serve stage, ops side: the admin pages, Bull Board at /admin/queues and the sources status page
// at /admin/sources. They exist only when FEEDMILL_ADMIN_TOKEN is set (otherwise those paths are
// a plain 404 like any unknown one) and answer only requests carrying the token (admin-auth.ts).
import type { Runtime } from '../app/runtime.js';
import type { Route } from '../server/routes.js';
import { requireAdmin } from './admin-auth.js';
import { bullBoardRoute } from './bull-board.js';
import { sourcesPageRoute } from './sources-page.js';

export function adminRoutes(runtime: Runtime, token: string | undefined): Route[] {
  if (token === undefined) return [];
  return [sourcesPageRoute(runtime), bullBoardRoute(runtime.queues)].map((route) => ({
    ...route,
    handle: requireAdmin(token, route.handle, () => runtime.config.output.baseUrl.startsWith('https:')),
  }));
}
