import { Refusal } from './responses.js';
import type { MockDeployment } from './state.js';

const V1_PAGE_SIZE = 20;

/**
 * V1 history (newest first): the 20 entries strictly older than `startId`, or the newest 20; 404
 * when `startId` is not in this history.
 */
export function pageAfter<T>(
  history: MockDeployment[],
  startId: string | null,
  render: (deployment: MockDeployment) => T,
) {
  let from = 0;
  if (startId) {
    from = history.findIndex((d) => d.id === startId) + 1;
    if (from === 0) throw new Refusal(404, `No deployment ${startId} in this history`);
  }
  return {
    page: Math.floor(from / V1_PAGE_SIZE) + 1,
    page_size: V1_PAGE_SIZE,
    results: history.slice(from, from + V1_PAGE_SIZE).map(render),
  };
}

/** V2 history: the newest `pageSize` entries (default 20). V2 has no cursor, so it is always page 1. */
export function newestPage<T>(
  history: MockDeployment[],
  pageSizeParam: string | null,
  render: (d: MockDeployment) => T,
) {
  const requested = pageSizeParam === null ? Number.NaN : Number(pageSizeParam);
  const pageSize = Number.isInteger(requested) && requested > 0 ? requested : 20;
  return { page: 1, page_size: pageSize, results: history.slice(0, pageSize).map(render) };
}
