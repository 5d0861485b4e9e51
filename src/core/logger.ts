import { pino, type DestinationStream, type Level } from 'pino';
import { currentLogFields } from './logContext';
import { redactSecrets, redactText } from './redactSecrets';

/** Structured logs: one JSON object per line. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The levels `LOG_LEVEL` accepts, most verbose first; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface JsonLoggerOptions {
  /** Lines below it are dropped. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: standard error, written synchronously (no line lost at exit). */
  destination?: DestinationStream;
}

/**
 * A `pino` logger writing JSON lines `{"level":"info","time":"…","pid":…,"hostname":…,"requestId":…,…fields,
 * "message":"…"}`: the fields of the current operation (`runWithLogFields`) are on every line, and secrets
 * are redacted from messages and fields (`redactSecrets`).
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const log = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => currentLogFields(),
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
  const write =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (log.isLevelEnabled(level)) log[level](redactSecrets(fields) as object, redactText(message));
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
