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

/** Built-in error classes a copy keeps, by name, so `cause instanceof TypeError` still holds. */
const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError };

/**
 * An error safe to keep as a `cause`: a copy of it and of the causes under it, keeping the class
 * where it is a built-in one, the name, message, stack and plain fields (`code`, `errno`,
 * `syscall`…), with secrets redacted. Objects hanging off an error are left out: a custom fetch's
 * library error can carry the request it sent (ky's `request`, axios's `config`), Authorization
 * header included, and no check of its text can vouch for what those render to.
 *
 * Read by shape, not `instanceof`: a fetch in another realm (a vm context, a test environment)
 * throws errors of its own classes. Whatever cannot be read (a getter that throws) is left out,
 * and each error is copied once, so a cycle through `cause` or `errors` ends.
 */
export function redactCause(error: unknown, secrets: readonly string[], seen = new Set<unknown>()): unknown {
  if (typeof error === 'string') return redactText(error, secrets);
  if (error === null || typeof error !== 'object') return typeof error === 'function' ? undefined : error;
  if (seen.has(error) || seen.size > 64) return undefined;
  seen.add(error);
  const raw = (key: string): unknown => {
    try {
      return (error as Record<string, unknown>)[key];
    } catch {}
  };
  // Strings redacted, numbers and booleans as they are; objects only where `anything` says so.
  const plain = (value: unknown, anything?: boolean): unknown => {
    try {
      if (typeof value === 'number' || typeof value === 'boolean') return value;
      if (typeof value === 'string' || (anything && value != null)) return redactText(String(value), secrets);
    } catch {}
  };
  const name = (plain(raw('name'), true) as string | undefined) || 'Error';
  const cause = raw('cause');
  const copy = new (BUILT_IN_ERRORS[name] ?? Error)(
    (plain(raw('message'), true) as string | undefined) ?? '',
    cause === undefined ? undefined : { cause: redactCause(cause, secrets, seen) },
  );
  const fields: Record<string, unknown> = { name, stack: plain(raw('stack'), true) };
  const inner = raw('errors');
  if (Array.isArray(inner)) fields.errors = inner.map((item) => redactCause(item, secrets, seen));
  let keys: string[] = [];
  try {
    keys = Object.keys(error);
  } catch {}
  for (const key of keys) fields[key] ??= plain(raw(key));
  // Defined, not assigned: assigning `name` fails where Error.prototype is frozen. Plain fields
  // stay enumerable, as they were, so that printing the error shows `code` and the like.
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      Object.defineProperty(copy, key, { value, writable: true, configurable: true, enumerable: keys.includes(key) });
    }
  }
  return copy;
}
