/**
 * Structured logs. Pretty on a terminal, JSON lines otherwise, always on
 * stderr (stdout belongs to the CLI's one URL line). pino-pretty runs as a
 * synchronous stream, not a worker transport: no extra thread, and nothing
 * is lost when the process exits right after a line.
 */
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogLevel } from '../options.js';

/** Belt and braces: the server never logs the token, and these paths are censored if it ever did. */
const REDACT = {
  paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'headers.cookie'],
  censor: '[redacted]',
};

export function createLogger(level: LogLevel | Logger): Logger {
  if (typeof level === 'object') return level.child({ component: 'termplex' }, { redact: REDACT });
  if (level === 'silent') return pino({ level: 'silent' });
  // Loaded only on a terminal: it and its dependencies cost a server about 10 MB of RSS.
  const pretty = () => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const stream = process.stderr.isTTY
    ? pretty()({ sync: true, destination: 2, colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' })
    : pino.destination({ fd: 2, sync: true });
  return pino({ level, base: { component: 'termplex' }, redact: REDACT }, stream);
}

export type { Logger };
