export const REDACTED = '[redacted]';

/**
 * Removes secrets from something an error will carry: every occurrence of the known secrets
 * (the client's own token, which a hostile or buggy server may echo back) and the value of any
 * `token` field (token create returns a new credential, which must not ride along in an error).
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  return redactValue(value, secrets.filter(Boolean)) as T;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = key === 'token' && typeof item === 'string' ? REDACTED : redactValue(item, secrets);
    }
    return out;
  }
  return value;
}
