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
const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  URIError,
};

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
export function redactCause(error: unknown, secrets: readonly string[]): unknown {
  return copyCause(error, secrets, new Set());
}

function copyCause(error: unknown, secrets: readonly string[], seen: Set<object>): unknown {
  if (typeof error === 'string') return redactText(error, secrets);
  if (error === null || typeof error !== 'object') return typeof error === 'function' ? undefined : error;
  if (seen.has(error) || seen.size > 64) return undefined;
  seen.add(error);
  const source = error as Record<string, unknown>;
  const read = (key: string): unknown => {
    try {
      return source[key];
    } catch {
      return undefined;
    }
  };
  const text = (value: unknown) => {
    try {
      return redactText(String(value ?? ''), secrets);
    } catch {
      return '';
    }
  };
  const name = text(read('name')) || 'Error';
  const message = text(read('message'));
  const cause = 'cause' in source ? { cause: copyCause(read('cause'), secrets, seen) } : undefined;
  const inner = read('errors');
  const copy: Error =
    name === 'AggregateError' && Array.isArray(inner)
      ? new AggregateError(
          inner.map((item) => copyCause(item, secrets, seen)),
          message,
          cause,
        )
      : typeof DOMException === 'function' && Object.prototype.toString.call(source) === '[object DOMException]'
        ? new DOMException(message, name)
        : new (BUILT_IN_ERRORS[name] ?? Error)(message, cause);
  const set = (key: string, value: unknown) => {
    // Defined, not assigned: assigning `name` fails where Error.prototype is frozen.
    try {
      Object.defineProperty(copy, key, {
        value,
        writable: true,
        configurable: true,
        enumerable: key !== 'stack' && key !== 'name',
      });
    } catch {}
  };
  if (copy.name !== name) set('name', name);
  set('stack', text(read('stack')));
  let keys: string[] = [];
  try {
    keys = Object.keys(source);
  } catch {}
  for (const key of keys) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause' || key === 'errors') continue;
    const value = read(key);
    if (typeof value === 'string') set(key, text(value));
    else if (typeof value === 'number' || typeof value === 'boolean') set(key, value);
  }
  return copy;
}
