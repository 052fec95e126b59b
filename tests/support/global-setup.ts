// Starts (or finds) one Redis for the whole test run and hands its URL to every test file.
import type { TestProject } from 'vitest/node';
import { findRedis } from './redis-server.js';

export default async function setup(project: TestProject) {
  const redis = await findRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
