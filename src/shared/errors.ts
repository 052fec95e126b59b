// One error type with a stable code that code and scripts can branch on, and the
// facts a user needs to act (URL, status, line). Messages say what happened and where.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'REDIS_UNAVAILABLE'
  | 'REDIS_AUTH'
  | 'REDIS_TLS'
  | 'INTERRUPTED'
  | 'FETCH_TIMEOUT'
  | 'CONNECT_TIMEOUT'
  | 'HTTP_STATUS'
  | 'GONE'
  | 'RATE_LIMITED'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'REDIRECT_LOOP'
  | 'BLOCKED_ADDRESS'
  | 'DNS'
  | 'TLS'
  | 'CONNECTION'
  | 'PARSE_ERROR'
  | 'UNSUPPORTED_FORMAT'
  | 'HOSTILE_DOCUMENT'
  | 'NOT_FOUND'
  | 'USAGE'
  | 'ADDRESS_IN_USE'
  | 'WRITE_FAILED'
  | 'INTERNAL';

export interface ErrorFacts {
  url?: string;
  status?: number;
  line?: number;
  bytes?: number;
  /** For RATE_LIMITED / 503: epoch ms before which the source must not be polled again. */
  retryAt?: number;
  [key: string]: unknown;
}

export class FeedmillError extends Error {
  override readonly name = 'FeedmillError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly facts: ErrorFacts = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { code: ErrorCode; message: string } & ErrorFacts {
    return { code: this.code, message: this.message, ...this.facts };
  }
}

export function isFeedmillError(err: unknown): err is FeedmillError {
  return err instanceof FeedmillError;
}

/** Any thrown value as a {code, message} pair for logs and stored status. */
export function describeError(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof FeedmillError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
