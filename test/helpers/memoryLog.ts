import { createJsonLogger, type JsonLoggerOptions, type Logger } from '../../src/core/logger';

/** The real JSON logger, writing into memory: `lines` parsed, `text` exactly as written. */
export function memoryLog(options: Omit<JsonLoggerOptions, 'destination'> = {}): { logger: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const written: string[] = [];
  const logger = createJsonLogger({ ...options, destination: { write: (line: string) => void written.push(line) } });
  return {
    logger,
    get lines() {
      return written.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => written.join(''),
  };
}
