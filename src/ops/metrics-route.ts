// Serve stage, ops side: GET /metrics in the Prometheus text format (see metrics.ts for what is counted).
import type { Runtime } from '../app/runtime.js';
import type { Route } from '../server/routes.js';
import { processMetrics } from './metrics.js';
import { sendText } from './respond.js';

export function metricsRoutes(runtime: Runtime): Route[] {
  return [
    {
      methods: ['GET'],
      path: '/metrics',
      async handle(_req, res) {
        const metrics = processMetrics();
        sendText(res, 200, await metrics.render(runtime), metrics.contentType);
      },
    },
  ];
}
