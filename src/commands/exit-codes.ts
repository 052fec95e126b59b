// Exit codes scripts can rely on (documented in README.md, "CLI").
export const EXIT = {
  OK: 0,
  /** The command could not go on: its server port is taken, or something unexpected (a bug). */
  FAILURE: 1,
  /** Bad usage or an invalid config file: nothing was started. */
  USAGE: 2,
  /** No Redis could be reached or started (a configured one did not answer within redis.wait), or `once`'s Redis stopped answering for redis.wait. */
  REDIS: 3,
  /** The thing asked for does not exist (a story, a source). */
  NOT_FOUND: 4,
  /** The run was interrupted (SIGINT/SIGTERM, or its time limit) after finishing the jobs in flight. */
  INTERRUPTED: 5,
  /** Redis refused the credentials (WRONGPASS, NOAUTH): the password or user in the URL is wrong. */
  REDIS_AUTH: 6,
  /** The TLS handshake with Redis failed (rediss:// against a plain port, an untrusted certificate). */
  REDIS_TLS: 7,
  /** `once` ran to its end, but some sources failed (each is listed in the summary's errors). */
  SOURCES_FAILED: 8,
} as const;
