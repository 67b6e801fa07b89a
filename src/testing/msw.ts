/**
 * The Qovery mock of `qovery/testing` as msw request handlers, for test suites that already run
 * msw (an optional peer dependency).
 *
 * @module qovery/testing/msw
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { isDroppedConnection } from './faults.js';
import type { QoveryMock } from './mock.js';

/**
 * msw request handlers serving a Qovery mock, for test suites that already run msw:
 * `server.use(...createMswHandlers(mock))`.
 */
export function createMswHandlers(mock: QoveryMock, options: { baseUrl?: string } = {}): RequestHandler[] {
  const baseUrl = (options.baseUrl ?? 'https://api.qovery.com').replace(/\/+$/, '');
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      try {
        return await mock.handle(request);
      } catch (error) {
        if (isDroppedConnection(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
