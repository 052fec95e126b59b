// Serve stage: WebSub (W3C Recommendation, §7) publisher pings. After the publisher rewrites a
// feed, the hub is told which feed URLs changed so that it can fetch them and push to
// subscribers. A hub that stays down costs subscribers only latency (they still poll), so
// failures are retried a few times and then logged, never thrown into the publisher.
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { USER_AGENT } from '../shared/version.js';

export interface NotifyOptions {
  /** Attempts after the first one (default 3). */
  retries?: number;
  logger?: Logger;
  /** First retry delay; doubles each time (default 1s). */
  backoffMs?: number;
  /** Per-request timeout (default 10s). */
  timeoutMs?: number;
}

export async function notifyHub(hubUrl: string, feedUrls: string[], options: NotifyOptions = {}): Promise<void> {
  const logger = (options.logger ?? silentLogger).child({ hub: hubUrl });
  await Promise.all(feedUrls.map((feedUrl) => pingWithRetries(hubUrl, feedUrl, options, logger)));
}

async function pingWithRetries(hubUrl: string, feedUrl: string, options: NotifyOptions, logger: Logger): Promise<void> {
  const retries = Math.max(0, options.retries ?? 3);
  const backoffMs = options.backoffMs ?? 1000;
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    try {
      const response = await fetch(hubUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString(),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      // The body is not needed; reading it lets the connection be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        logger.debug({ feedUrl, attempt }, 'websub hub notified');
        return;
      }
      lastProblem = `HTTP ${response.status}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
  }
  logger.warn({ feedUrl, attempts: retries + 1, problem: lastProblem }, `websub hub did not accept the ping for ${feedUrl} after ${retries + 1} attempts (${lastProblem}); subscribers will see the change on their next poll`);
}
