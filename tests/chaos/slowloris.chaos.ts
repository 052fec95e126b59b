// Fault: slowloris against `feedmill serve`. 150 sockets send their request headers a few bytes a
// second and 50 open and send nothing; each must be closed by the server (header timeout 10 s,
// checked every second), while an ordinary client is still served meanwhile.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HTTP_LIMITS } from '../../src/server/limits.js';
import { freePort } from '../../src/shared/redis.js';
import { tempConfig, type TempConfig } from '../cli/temp-config.js';
import { startCli, stopAllClis } from '../support/cli.js';
import { until } from '../ops/until.js';

const TRICKLING = 150;
const SILENT = 50;

let config: TempConfig;
let port: number;
const sockets: Socket[] = [];
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  port = await freePort();
  config = tempConfig({ server: { host: '127.0.0.1', port } });
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await stopAllClis();
  await config?.cleanup();
});

function open(): Promise<{ socket: Socket; closedAt: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    const closedAt = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closedAt }));
    socket.once('error', reject);
  });
}

test('slowloris sockets are closed by the server, and ordinary requests are served meanwhile', async () => {
  const serve = startCli(['--config', config.file, 'serve'], { env: { REDIS_URL: '' } });
  await serve.waitForLog((l) => l.msg.startsWith('serving'), 20_000);
  const started = Date.now();
  const trickling = await Promise.all(Array.from({ length: TRICKLING }, () => open()));
  const silent = await Promise.all(Array.from({ length: SILENT }, () => open()));
  for (const { socket } of trickling) {
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    let n = 0;
    // Bounded: one header line every second, at most 120 of them.
    const timer = setInterval(() => {
      if (socket.destroyed || n++ > 120) return clearInterval(timer);
      socket.write(`X-Slow-${n}: a\r\n`);
    }, 1000);
    timers.push(timer);
  }
  const served = await fetch(`http://127.0.0.1:${port}/feeds.opml`);
  expect(served.status).toBe(200);

  const bound = HTTP_LIMITS.headersTimeoutMs + 5_000;
  const closed = await Promise.all(trickling.map((t) => Promise.race([t.closedAt, new Promise<number>((r) => setTimeout(() => r(Number.NaN), bound + 5_000))])));
  const slowest = Math.max(...closed) - started;
  expect(closed.every((at) => Number.isFinite(at))).toBe(true);
  expect(slowest).toBeLessThan(bound + 5_000);
  const silentClosed = await Promise.all(silent.map((t) => Promise.race([t.closedAt, new Promise<number>((r) => setTimeout(() => r(Number.NaN), HTTP_LIMITS.idleSocketMs + 10_000))])));
  expect(silentClosed.every((at) => Number.isFinite(at))).toBe(true);
  console.log(
    `[chaos] slowloris: ${TRICKLING} trickling sockets all closed within ${(slowest / 1000).toFixed(1)} s, ${SILENT} silent ones within ${((Math.max(...silentClosed) - started) / 1000).toFixed(1)} s; /feeds.opml served during the attack`,
  );
  await until('serve to stop', async () => (await serve.stop()) === 0, 15_000);
}, 120_000);
