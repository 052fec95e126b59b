// Fetch stage: the fetch options that the config's `fetch` block asks for (poll worker, `sources check`, bench).
import type { Config } from '../../shared/config.js';
import type { FetchOptions } from './index.js';

export function fetchOptionsFrom(config: Config): FetchOptions {
  const f = config.fetch;
  return {
    timeoutMs: f.timeout,
    headerTimeoutMs: f.headerTimeout,
    connectTimeoutMs: f.connectTimeout,
    maxBytes: f.maxBytes,
    maxRedirects: f.maxRedirects,
    perHost: f.perHost,
    hostGapMs: f.hostGap,
    privateAddresses: f.privateAddresses,
  };
}
