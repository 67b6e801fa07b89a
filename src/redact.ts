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
    // Keys too: a server may echo the token as one (`{"<token>": "unknown credential"}`).
    out[redactText(key, secrets)] =
      key === 'token' && typeof item === 'string' ? REDACTED : redactValue(item, secrets, depth + 1);
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

/** Built-in error classes a copy keeps, so `cause instanceof TypeError` still holds. */
const BUILT_IN_ERRORS: readonly ErrorConstructor[] = [TypeError, RangeError, SyntaxError, ReferenceError, URIError];

/**
 * An error safe to keep as a `cause`: a copy of it and of the causes under it, keeping the class
 * where it is a built-in one, the name, message, stack and plain fields (`code`, `errno`,
 * `syscall`…), with secrets redacted. Objects hanging off an error are left out: a custom fetch's
 * library error can carry the request it sent (ky's `request`, axios's `config`), Authorization
 * header included, and no check of its text can vouch for what those render to.
 */
export function redactCause(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof error === 'string') return redactText(error, secrets);
  if (!(error instanceof Error)) return error === null || typeof error !== 'object' ? error : undefined;
  if (depth > 16) return undefined;
  const message = redactText(error.message, secrets);
  const cause = 'cause' in error ? { cause: redactCause(error.cause, secrets, depth + 1) } : undefined;
  const inner = (error as { errors?: unknown }).errors;
  const copy = (
    typeof DOMException === 'function' && error instanceof DOMException
      ? new DOMException(message, error.name)
      : error instanceof AggregateError && Array.isArray(inner)
        ? new AggregateError(
            inner.map((item) => redactCause(item, secrets, depth + 1)),
            message,
            cause,
          )
        : new (BUILT_IN_ERRORS.find((type) => error.constructor === type) ?? Error)(message, cause)
  ) as Error & Record<string, unknown>;
  if (copy.name !== error.name) copy.name = error.name;
  copy.stack = redactText(error.stack ?? '', secrets);
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string') copy[key] = redactText(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean') copy[key] = value;
  }
  return copy;
}
