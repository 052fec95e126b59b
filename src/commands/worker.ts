// `feedmill worker --roles poll,ingest,publish`: only the named workers, for scaling out.
import { FeedmillError } from '../shared/errors.js';
import { ROLES, type Role } from '../workers/queues.js';
import { startWorkers } from '../workers/run-workers.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';
import { waitForShutdown } from './start.js';

export function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new FeedmillError('USAGE', `--roles ${text}: expected a comma-separated list of ${ROLES.join(', ')}`);
  }
  return [...new Set(roles)] as Role[];
}

export async function workerCommand(options: GlobalOptions & { roles: string }): Promise<number> {
  const roles = parseRoles(options.roles);
  const config = readConfig(options);
  const logger = commandLogger(options);
  const context = await openContext(config, logger, { manageRedis: false });
  const workers = startWorkers(context.runtime, roles);
  logger.info({ roles }, `worker running: ${roles.join(', ')}`);
  await waitForShutdown(logger);
  await workers.close();
  await context.close();
  return EXIT.OK;
}
