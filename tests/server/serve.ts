// A feedmill server for tests: an output dir with real rendered feeds, the server on
// 127.0.0.1 port 0, and a raw HTTP client (fetch would decompress and add Accept-Encoding).
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { renderFeed } from '../../src/feeds/render/index.js';
import { writeFeedFiles } from '../../src/feeds/write/index.js';
import { createFeedServer, type FeedServerDeps } from '../../src/server/http.js';
import { parseConfig, type Config } from '../../src/shared/config.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Story } from '../../src/shared/types.js';

export interface TestServer {
  url: string;
  config: Config;
  server: Server;
  close(): Promise<void>;
}

export async function makeConfig(yamlExtra = ''): Promise<Config> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'feedmill-serve-test-'));
  return parseConfig(
    `output:
  dir: ${JSON.stringify(dir)}
  baseUrl: https://news.example.org
  title: Example News
${yamlExtra}
categories:
  - id: tech
    title: Tech & Science
    description: Chips <and> code
  - id: world
    title: World
`,
    path.join(dir, 'feedmill.yaml'),
  );
}

/** Renders and writes every enabled format of one category, as the publisher does. */
export async function publish(config: Config, category: { id: string; title: string }, stories: Story[]) {
  const rendered = Object.fromEntries(config.output.formats.map((f) => [f, renderFeed(f, category, stories, config.output)]));
  return writeFeedFiles(config.output.dir, category.id, rendered);
}

export async function startServer(config: Config, deps: Partial<FeedServerDeps> = {}): Promise<TestServer> {
  const server = createFeedServer({ config, logger: silentLogger, ...deps });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(config.output.dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function get(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 10s`)));
    req.on('error', reject);
    req.end();
  });
}
