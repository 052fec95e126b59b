// Serve stage, ops side: /admin/sources, one server-rendered page an operator opens when a feed
// looks stale: every configured source with its health (the words `feedmill sources list` uses),
// last success, last error, consecutive failures and next poll, the processes alive, and a small
// chart per category of stories stored per hour. No script; problems sort to the top.
import type { Runtime } from '../app/runtime.js';
import { escapeMarkup } from '../feeds/render/xml-safe.js';
import { activityChart } from '../server/activity-chart.js';
import { readActivity } from '../server/activity.js';
import type { Route } from '../server/routes.js';
import { readWorkers, type WorkerEntry } from './heartbeat.js';
import { relativeTime } from './relative-time.js';
import { sendText } from './respond.js';
import { reportSources, type SourceHealth, type SourceReport } from './source-report.js';

export const SOURCES_PATH = '/admin/sources';

const SEVERITY: Record<SourceHealth, number> = { gone: 0, failing: 1, 'never polled': 3, ok: 4 };

export interface SourcesPageData {
  now: number;
  sources: SourceReport[];
  workers: WorkerEntry[];
  /** Per category: [title, hourly counts oldest first]. */
  activity: [string, number[]][];
}

export async function readSourcesPage(runtime: Runtime, now = Date.now()): Promise<SourcesPageData> {
  const categories = runtime.config.categories;
  const [sources, workers, activity] = await Promise.all([
    reportSources(runtime),
    readWorkers(runtime.redis, runtime.keys, now),
    readActivity(runtime.redis, runtime.keys, categories.map((c) => c.id), now),
  ]);
  return { now, sources, workers, activity: categories.map((c) => [c.title, activity[c.id] ?? []]) };
}

export function renderSourcesPage({ now, sources, workers, activity }: SourcesPageData): string {
  const sorted = [...sources].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
  const problems = sources.filter((s) => s.status === 'failing' || s.status === 'gone').length;
  const retrying = sources.filter((s) => s.status === 'ok' && s.consecutiveFailures > 0).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>feedmill sources</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.url{max-width:28rem;overflow-wrap:anywhere}td.num{text-align:right}
.failing,.gone{color:#a40000;font-weight:600}.retrying{color:#8a5a00}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem;margin-bottom:1.5rem}
figure{margin:0;color:#2a6f97}figcaption{color:#222}
</style></head><body>
<h1>Sources</h1>
<p>${sources.length} sources: ${problems} failing or gone, ${retrying} retrying after an error. <a href="/admin/queues">Queues</a></p>
<h2>Stories per category, per hour</h2>
<div class="charts">${activity.map(([title, counts]) => `<figure><figcaption>${escapeMarkup(title)}</figcaption>${activityChart(counts, title)}</figure>`).join('')}</div>
<h2>Processes alive</h2>
${workers.length === 0 ? '<p>No worker has sent a heartbeat in the last minute.</p>' : workersTable(workers, now)}
<h2>Sources</h2>
<table><thead><tr><th>Source</th><th>URL</th><th>Status</th><th>Last success</th><th>Last error</th><th>Failures</th><th>Next poll</th></tr></thead>
<tbody>
${sorted.map((s) => sourceRow(s, now)).join('\n')}
</tbody></table>
</body></html>
`;
}

export function sourcesPageRoute(runtime: Runtime): Route {
  return {
    methods: ['GET'],
    path: SOURCES_PATH,
    async handle(_req, res) {
      sendText(res, 200, renderSourcesPage(await readSourcesPage(runtime)), 'text/html; charset=utf-8');
    },
  };
}

/** Between failing and never-polled: a source that is still "ok" but whose last polls failed. */
function rank(source: SourceReport): number {
  return source.status === 'ok' && source.consecutiveFailures > 0 ? 2 : SEVERITY[source.status];
}

function statusWord(source: SourceReport): string {
  return source.status === 'ok' && source.consecutiveFailures > 0 ? 'retrying' : source.status;
}

function sourceRow(s: SourceReport, now: number): string {
  const word = statusWord(s);
  const error = s.lastError ? `${escapeMarkup(s.lastError.code)}: ${escapeMarkup(s.lastError.message)} ${time(s.lastError.at, now)}` : '';
  return `<tr><td>${escapeMarkup(s.title ?? s.feedTitle ?? s.id)}<br><small>${escapeMarkup(s.id)}</small></td><td class="url">${escapeMarkup(s.url)}</td><td class="${word.replace(' ', '-')}">${word}</td><td>${time(s.lastSuccessAt, now)}</td><td>${error}</td><td class="num">${s.consecutiveFailures}</td><td>${time(s.nextPollAt, now)}</td></tr>`;
}

function workersTable(workers: WorkerEntry[], now: number): string {
  const rows = workers.map(
    (w) => `<tr><td>${escapeMarkup(w.host)}</td><td class="num">${w.pid}</td><td>${escapeMarkup(w.roles.join(', '))}</td><td>${time(w.startedAt, now)}</td><td>${time(w.lastSeen, now)}</td></tr>`,
  );
  return `<table><thead><tr><th>Host</th><th>PID</th><th>Roles</th><th>Started</th><th>Last heartbeat</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function time(at: number | undefined, now: number): string {
  return at === undefined ? '-' : `<time datetime="${new Date(at).toISOString()}">${relativeTime(at, now)}</time>`;
}
