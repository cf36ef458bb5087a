import { rangeParams, type StandinAnswer } from './standin-answer';
import type { TrafficBook } from './traffic-book';

/** Fastly's error body. */
export function fastlyError(status: number, msg: string, detail?: string): StandinAnswer {
  return { status, body: detail === undefined ? { msg } : { msg, detail } };
}

const EPOCH_SECONDS = /^\d{1,12}$/;

/**
 * `GET /stats/service/{id}?from=<epoch s>&to=<epoch s>&by=hour`, as Fastly's Historical Stats API answers
 * it: one bucket per finished hour. `bandwidth` is edge response bytes plus ~2% to backends; the edge
 * response splits ~3% headers, ~97% body.
 */
export function fastlyStatsAnswer(
  book: TrafficBook,
  serviceId: string,
  params: URLSearchParams,
  nowMs: number,
): StandinAnswer {
  const range = rangeParams(params, EPOCH_SECONDS);
  if (range === undefined) {
    return fastlyError(400, 'Bad Request', 'this stand-in needs from and to as epoch seconds');
  }
  if (params.get('by') !== 'hour')
    return fastlyError(400, 'Bad Request', 'this stand-in serves by=hour only');
  const { from, to } = range;
  const hours = book.finishedHours(serviceId, Number(from) * 1000, Number(to) * 1000, nowMs);
  const data = hours.map(({ startMs, bytes }) => {
    const header = Math.round(bytes * 0.03);
    return {
      service_id: serviceId,
      start_time: startMs / 1000,
      requests: Math.round(bytes / 250_000),
      bandwidth: bytes + Math.round(bytes * 0.02),
      edge_resp_header_bytes: header,
      edge_resp_body_bytes: bytes - header,
    };
  });
  return {
    status: 200,
    body: { status: 'success', meta: { from, to, by: 'hour', region: 'all' }, msg: null, data },
  };
}
