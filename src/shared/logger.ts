// The process logger: JSON lines by default, readable when stderr is a terminal.
// Stages take child loggers that carry their context (queue, job id, source).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.FEEDMILL_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = options.pretty ?? (process.stderr.isTTY && process.env.FEEDMILL_LOG_FORMAT !== 'json');
  const redact = { paths: ['redis.url', 'password', 'token', 'headers.authorization'], censor: '[redacted]' };
  if (pretty) {
    return pino({
      level,
      redact,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything (tests and --json runs that want only the result). */
export const silentLogger: Logger = pino({ level: 'silent' });
