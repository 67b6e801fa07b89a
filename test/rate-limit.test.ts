import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseRateLimit, parseRetryAfter } from '../src/rate-limit.js';
import { answer, BASE, client, ORG_ID, organization, server } from './helpers.js';

describe('rate-limit headers', () => {
  it('parse into limit, remaining and a reset Date', () => {
    const headers = new Headers({
      'X-RateLimit-Limit': '1000',
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Reset': '1893456000',
    });
    expect(parseRateLimit(headers)).toEqual({ limit: 1000, remaining: 7, resetAt: new Date('2030-01-01T00:00:00Z') });
  });

  it.each([
    ['absent', {}],
    ['partial', { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '7' }],
    ['not numbers', { 'X-RateLimit-Limit': 'lots', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Reset': '1893456000' }],
    ['negative', { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '-1', 'X-RateLimit-Reset': '1893456000' }],
    ['fractional', { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '1.5', 'X-RateLimit-Reset': '1893456000' }],
    [
      'a date instead of seconds',
      {
        'X-RateLimit-Limit': '1000',
        'X-RateLimit-Remaining': '7',
        'X-RateLimit-Reset': 'Wed, 01 Jan 2030 00:00:00 GMT',
      },
    ],
    [
      'too large',
      { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '7', 'X-RateLimit-Reset': '99999999999999999999' },
    ],
    ['empty strings', { 'X-RateLimit-Limit': '', 'X-RateLimit-Remaining': '', 'X-RateLimit-Reset': '' }],
  ])('give undefined, never a throw, when %s', (_name, headers) => {
    expect(parseRateLimit(new Headers(headers))).toBeUndefined();
  });

  it('Retry-After parses as seconds or as an HTTP date', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('client.rateLimit holds the latest figures, and keeps them when a response has none', async () => {
    const qovery = client();
    expect(qovery.rateLimit).toBeUndefined();
    answer('get', `/organization/${ORG_ID}`, 200, organization(), {
      'X-RateLimit-Limit': '1000',
      'X-RateLimit-Remaining': '41',
      'X-RateLimit-Reset': '1893456000',
    });
    await qovery.organization.get();
    expect(qovery.rateLimit?.remaining).toBe(41);
    answer('get', `/organization/${ORG_ID}`, 200, organization(), {});
    await qovery.organization.get();
    expect(qovery.rateLimit?.remaining).toBe(41);
  });

  it('withResponse() gives each concurrent call its own figures', async () => {
    const qovery = client();
    server.use(
      http.get(`${BASE}/organization/${ORG_ID}`, async ({ request }) => {
        const remaining = request.headers.get('x-test-remaining') ?? '0';
        // The first call answers last, so a shared "last response" would swap the figures.
        await new Promise((resolve) => setTimeout(resolve, remaining === '10' ? 30 : 0));
        return Response.json(organization(), {
          headers: {
            'X-RateLimit-Limit': '1000',
            'X-RateLimit-Remaining': remaining,
            'X-RateLimit-Reset': '1893456000',
          },
        });
      }),
    );
    const [slow, fast] = await Promise.all([
      qovery.organization.get(undefined, { headers: { 'x-test-remaining': '10' } }).withResponse(),
      qovery.organization.get(undefined, { headers: { 'x-test-remaining': '9' } }).withResponse(),
    ]);
    expect(slow.rateLimit?.remaining).toBe(10);
    expect(fast.rateLimit?.remaining).toBe(9);
    expect(slow.response.status).toBe(200);
    expect(slow.data.name).toBe('Acme');
    expect(qovery.rateLimit?.remaining).toBe(10);
  });
});
