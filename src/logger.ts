import { redactText } from './redact.js';

/**
 * How much the client logs: nothing (`'off'`), then `'error'`, `'warn'`, `'info'` and `'debug'`,
 * each level including those before it. `'debug'` logs every attempt.
 */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Anything console-like: `console`, pino, winston, … */
export interface Logger {
  /** Receives each line logged at level `error`. */
  error(message: string, ...rest: unknown[]): void;
  /** Receives each line logged at level `warn`. */
  warn(message: string, ...rest: unknown[]): void;
  /** Receives each line logged at level `info`. */
  info(message: string, ...rest: unknown[]): void;
  /** Receives each line logged at level `debug`. */
  debug(message: string, ...rest: unknown[]): void;
}

export type Log = Record<Exclude<LogLevel, 'off'>, (message: string) => void> & {
  /** Whether debug lines are kept: callers skip building them otherwise (the hot path). */
  debugEnabled: boolean;
};

const silent = () => {};

/**
 * The SDK's log: lines below `level` cost nothing, and every line goes through redaction, so a
 * secret that reached a message (an echoed body, a URL) never reaches the logger.
 */
export function createLog(level: LogLevel, logger: Logger, secrets: readonly string[]): Log {
  const rank = LOG_LEVELS.indexOf(level);
  const line =
    (method: Exclude<LogLevel, 'off'>) =>
    (message: string): void => {
      logger[method](`qovery: ${redactText(message, secrets)}`);
    };
  return {
    error: rank >= 1 ? line('error') : silent,
    warn: rank >= 2 ? line('warn') : silent,
    info: rank >= 3 ? line('info') : silent,
    debug: rank >= 4 ? line('debug') : silent,
    debugEnabled: rank >= 4,
  };
}
