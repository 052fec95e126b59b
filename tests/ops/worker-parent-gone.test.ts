// A worker started by `once --processes` that is still waiting for Redis stops when the process
// that started it goes away (its IPC channel closes), instead of waiting for ever.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EXIT } from '../../src/commands/exit-codes.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'feedmill-test-parent-gone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('worker started with an IPC channel', () => {
  it('stops while waiting for Redis when its parent goes away', async () => {
    const configFile = path.join(dir, 'feedmill.yaml');
    writeFileSync(configFile, stringify({ redis: { url: `redis://127.0.0.1:${await closedPort()}` }, output: { dir: path.join(dir, 'public') } }));
    const env: NodeJS.ProcessEnv = { ...process.env, FEEDMILL_LOG_FORMAT: 'json' };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', configFile, 'worker', '--roles', 'poll'], {
      cwd: process.cwd(),
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "waiting" line within 15 s: ${stderr}`)), 15_000);
      child.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('waiting for it')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const disconnected = Date.now();
    child.disconnect();
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(EXIT.INTERRUPTED);
    expect(Date.now() - disconnected).toBeLessThan(10_000);
  }, 40_000);
});
