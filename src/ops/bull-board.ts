// Serve stage, ops side: Bull Board, the queue dashboard, at /admin/queues over feedmill's three
// queues (poll, ingest, publish). Bull Board ships as an Express router; this wraps it in one
// feedmill route so the server's own route table stays the single entry point.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Route } from '../server/routes.js';
import type { Queues } from '../workers/queues.js';

export const QUEUES_PATH = '/admin/queues';

/** The dashboard's routes (page, assets, JSON API). Wrap `handle` in requireAdmin before serving it. */
export function bullBoardRoute(queues: Queues): Route {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: [queues.poll, queues.ingest, queues.publish].map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'feedmill queues', miscLinks: [{ text: 'Sources', url: '/admin/sources' }] } },
  });
  const app = express();
  app.disable('x-powered-by');
  // Express answers errors with a stack trace unless it believes it runs in production.
  app.set('env', 'production');
  app.use(QUEUES_PATH, adapter.getRouter());
  return {
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    path: /^\/admin\/queues(?:\/.*)?$/,
    handle(req, res) {
      app(req, res);
    },
  };
}
