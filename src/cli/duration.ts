import { UsageError, type Values } from './context.js';

/** `90s`, `10m`, `1h`, `500ms`, or plain seconds, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1000;
  const ms = match ? Number(match[1]) * unit : Number.NaN;
  // Timers hold at most 2^31 - 1 ms (about 24 days).
  if (!(ms > 0 && ms <= 2 ** 31 - 1)) {
    throw new UsageError(`--timeout: "${text}" is not a duration such as 90s, 10m or 1h (at most 24 days)`);
  }
  return ms;
}

/** --timeout in milliseconds, when given. */
export const timeoutOf = (values: Values) =>
  values.timeout === undefined ? undefined : parseDuration(values.timeout as string);

/** Whether to follow what was started: --wait, or the Qovery CLI's --watch (-w). */
export const waits = (values: Values) => values.wait === true || values.watch === true;
