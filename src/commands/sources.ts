// `feedmill sources list|check`: the operator's view of the configured sources (their poll
// state, from Redis) and a dry run of a candidate feed. add/remove are in sources-edit.ts.
import { parseConfig, type Config } from '../shared/config.js';
import { formatDuration } from '../shared/duration.js';
import { describeError, FeedmillError } from '../shared/errors.js';
import { connectRedis, pingRedis } from '../shared/redis.js';
import { checkFeed, type FeedCheck } from '../ops/feed-check.js';
import { relativeTime } from '../ops/relative-time.js';
import { reportSources, type SourceReport } from '../ops/source-report.js';
import { renderTable } from '../ops/text-table.js';
import { EXIT } from './exit-codes.js';
import { commandLogger, openContext, readConfig, type GlobalOptions } from './context.js';

export async function listSourcesCommand(options: GlobalOptions): Promise<number> {
  const config = readConfig(options);
  const context = await openContext(config, commandLogger(options, true));
  try {
    const reports = await reportSources(context.runtime);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ sources: reports }, null, 2)}\n`);
    } else if (reports.length === 0) {
      process.stdout.write(`no sources in ${config.file ?? 'the config'}; add one with \`feedmill sources add <url>\`\n`);
    } else {
      process.stdout.write(`${sourcesTable(reports, Date.now())}\n`);
    }
    return EXIT.OK;
  } finally {
    await context.close();
  }
}

function sourcesTable(reports: SourceReport[], now: number): string {
  return renderTable(
    [
      { header: 'ID' },
      { header: 'STATUS' },
      { header: 'CATEGORY' },
      { header: 'EVERY', right: true },
      { header: 'LAST OK', right: true },
      { header: 'NEXT', right: true },
      { header: 'ITEMS', right: true },
      { header: 'NEW', right: true },
      { header: 'FAILS', right: true },
      { header: 'WARNING' },
      { header: 'LAST ERROR', shrink: true },
      { header: 'URL', shrink: true },
    ],
    reports.map((r) => [
      r.id,
      r.status,
      r.category ?? 'auto',
      formatDuration(r.intervalMs),
      relativeTime(r.lastSuccessAt, now),
      r.nextPollAt !== undefined && r.nextPollAt <= now ? 'due' : relativeTime(r.nextPollAt, now),
      r.lastItems === undefined ? '-' : String(r.lastItems),
      r.lastNew === undefined ? '-' : String(r.lastNew),
      String(r.consecutiveFailures),
      r.warning ? r.warning.codes.join(',') : '-',
      // An error older than the last success is history, not the source's state.
      r.lastError && (r.lastSuccessAt === undefined || (r.lastError.at ?? 0) > r.lastSuccessAt)
        ? `${r.lastError.code}: ${r.lastError.message}`
        : '-',
      r.url,
    ]),
  );
}

/** Exit 0 when the feed was fetched and parsed, 1 (with the error code) when not. Redis is optional. */
export async function checkSourceCommand(options: GlobalOptions, url: string): Promise<number> {
  const config = configOrDefaults(options);
  const redis = (await pingRedis(config.redis.url)) ? connectRedis(config.redis.url, {}, { logger: commandLogger(options, true) }) : undefined;
  try {
    const check = await checkFeed(url, config, redis);
    process.stdout.write(options.json ? `${JSON.stringify({ ok: true, ...check }, null, 2)}\n` : describeCheck(check));
    return EXIT.OK;
  } catch (err) {
    const error = describeError(err);
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, url, error }, null, 2)}\n`);
    else process.stderr.write(`feedmill: ${url}: ${error.code}: ${error.message}\n`);
    return EXIT.FAILURE;
  } finally {
    redis?.disconnect();
  }
}

/** Checking a feed needs no config file: without one, the defaults (and no categories) apply. */
function configOrDefaults(options: GlobalOptions): Config {
  try {
    return readConfig(options);
  } catch (err) {
    if (err instanceof FeedmillError && err.code === 'CONFIG_NOT_FOUND') return parseConfig('', 'defaults');
    throw err;
  }
}

function describeCheck(check: FeedCheck): string {
  const now = Date.now();
  const s = check.suggestion;
  const lines = [
    `title:     ${check.title ?? '(none)'}`,
    `format:    ${check.format}`,
    `items:     ${check.items}`,
    `newest:    ${check.newest ? `${check.newest.title}${check.newest.published ? ` (${new Date(check.newest.published).toISOString()}, ${relativeTime(check.newest.published, now)})` : ''}` : '(none)'}`,
    `category:  ${
      s.category === null
        ? `no suggestion: ${s.reason}`
        : `${s.category} (${s.items} of ${s.of} items; ${Object.entries(s.layers).map(([layer, n]) => `${layer} ${n}`).join(', ')})`
    }`,
  ];
  if (check.finalUrl !== check.url) lines.splice(1, 0, `moved to:  ${check.finalUrl}`);
  for (const warning of check.warnings ?? []) lines.push(`warning:   ${warning.code}: ${warning.message}`);
  return `${lines.join('\n')}\n`;
}
