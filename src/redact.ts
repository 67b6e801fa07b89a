export const REDACTED = '[redacted]';

// A `"token": "…"` pair in text that is not valid JSON (a cut-off token-create body still carries
// the new secret); the closing quote may be missing.
const TOKEN_FIELD_IN_TEXT = /("token"\s*:\s*")[^"]*/g;

/**
 * Removes secrets from something an error will carry: every occurrence of the known secrets
 * (the client's own token, which a hostile or buggy server may echo back) and the value of any
 * `token` field (token create returns a new credential, which must not ride along in an error).
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  return redactValue(value, secrets, 0) as T;
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(TOKEN_FIELD_IN_TEXT, `$1${REDACTED}`);
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  return out;
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  // A hostile body can nest deeper than the stack allows: past any real API shape, keep a marker.
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === 'token' && typeof item === 'string' ? REDACTED : redactValue(item, secrets, depth + 1);
  }
  return out;
}

/** The same headers, or a copy with any value holding a secret redacted (a server may echo it). */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  let copy: Headers | undefined;
  headers.forEach((value, name) => {
    const clean = redactText(value, secrets);
    if (clean === value) return;
    copy ??= new Headers(headers);
    copy.set(name, clean);
  });
  return copy ?? headers;
}

/** An error safe to keep as a `cause`: the original, unless it or any cause under it holds a secret. */
export function redactCause(error: unknown, secrets: readonly string[]): unknown {
  let text = '';
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 16; depth++) {
    text +=
      at instanceof Error
        ? `${at.message}\n${at.stack}\n${String((at as { errors?: unknown }).errors ?? '')}`
        : String(at);
    at = at instanceof Error ? at.cause : undefined;
  }
  if (redactText(text, secrets) === text) return error;
  return new Error(redactText(error instanceof Error ? error.message : String(error), secrets));
}
