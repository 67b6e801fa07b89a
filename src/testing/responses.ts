/** Thrown by operations to answer with an error status. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {}
}

export const TITLES: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  501: 'Not Implemented',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    statusText: TITLES[status] ?? '',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });
}

/** 401 and 403 come in the shape Qovery documents; the rest in the RFC 7807-like shape seen in the wild. */
export function errorBody(status: number, detail: string, path: string): unknown {
  const title = TITLES[status] ?? 'Error';
  if (status === 401 || status === 403) return { status, error: title, message: detail };
  return { type: 'about:blank', title, status, detail, instance: path, message: detail };
}

export function htmlPage(status: number): string {
  const title = `${status} ${TITLES[status] ?? 'Error'}`;
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
}
