// `feedmill worker --roles poll,ingest,publish`: only the named workers, for scaling out.
import { FeedmillError } from '../shared/errors.js';
import { ROLES, type Role } from '../workers/queues.js';
import { startWorkers } from '../workers/run-workers.js';
import { startPublishReconciler } from '../workers/publish-reconcile.js';
import { WORKER_READY } from '../app/worker-processes.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';
import { abortOnShutdownSignal, waitForShutdown } from './terminal.js';

export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new FeedmillError('USAGE', `--roles ${text}: expected a comma-separated list of ${ROLES.join(', ')}`);
  }
  return [...new Set(roles)] as Role[];
}

export async function workerCommand(options: GlobalOptions & { roles: string; port?: string; host?: string }): Promise<number> {
  const roles = parseRoles(options.roles);
  const port = options.port ?? process.env.FEEDMILL_OPS_PORT;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new FeedmillError('USAGE', `--port ${port}: expected a port number`);
  const config = readConfig(options);
  const logger = commandLogger(options);
  // Started by `once --processes`: stop with the process that started this one, even when it dies,
  // also while still waiting for Redis (the SIGTERM then ends the wait).
  if (process.send) {
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    process.channel?.unref();
  }
  const interrupt = abortOnShutdownSignal();
  const context = await openContext(config, logger, { waitForRedis: 'forever', signal: interrupt.signal }).finally(interrupt.release);
  const workers = startWorkers(context.runtime, roles);
  const reconciler = roles.includes('publish') ? startPublishReconciler(context.runtime) : undefined;
  // Health and metrics of this process, for monitoring a worker that serves no feeds. Loaded only
  // when asked for: the workers `once --processes` starts serve none, and start on every run.
  const ops =
    port === undefined
      ? undefined
      : await (await import('../ops/ops-server.js')).startOpsServer(context.runtime, { host: options.host ?? '127.0.0.1', port: Number(port), workers });
  logger.info({ roles, ops: ops?.url }, `worker running: ${roles.join(', ')}${ops ? `; /healthz, /readyz and /metrics at ${ops.url}` : ''}`);
  // `once --processes` starts its run's clock (and its jobs) when every process can take jobs.
  if (process.send) {
    await Promise.all(workers.workers.map((w) => w.waitUntilReady())).catch(() => undefined);
    process.send(WORKER_READY, () => undefined);
  }
  await waitForShutdown(logger);
  await ops?.close();
  await reconciler?.stop();
  await workers.close();
  await context.close();
  return EXIT.OK;
}
