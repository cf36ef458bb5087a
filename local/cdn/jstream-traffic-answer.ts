import type { HttpJsonSourceConfig } from '../../shared/cdn/sources/usage-source-config';
import { rangeParams, type StandinAnswer } from './standin-answer';
import { HOUR_MS, splitEvenly, type TrafficBook } from './traffic-book';

/**
 * A plausible J-Stream CDNext traffic API. No public reference exists, so this shape is invented to put the
 * configurable HTTP JSON source through what such an API is likely to do: JST wall-clock timestamps,
 * five-minute points, nested fields, its own auth header.
 *
 *   GET /cdnext/v1/sites/{siteId}/traffic?from=<ISO 8601>&to=<ISO 8601>
 *   X-Api-Key: <token>
 *   200 {"siteId":"site-1","interval":300,"unit":"byte","timeZone":"Asia/Tokyo",
 *        "data":{"points":[{"time":"2025-04-01 09:05:00","traffic":{"bytes":123456}}]}}
 *   400 / 401 {"error":{"code":"invalid_parameter" | "unauthorized","message":"..."}}
 *
 * Points start in [from, to) and are listed once they have ended (the console lags "within 5 minutes").
 */
export function jstreamError(status: number, code: string, message: string): StandinAnswer {
  return { status, body: { error: { code, message } } };
}

const POINT_MS = 5 * 60_000;
const POINTS_PER_HOUR = HOUR_MS / POINT_MS;
const JST_OFFSET_MS = 9 * HOUR_MS;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function jstWallClock(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function jstreamTrafficAnswer(
  book: TrafficBook,
  siteId: string,
  params: URLSearchParams,
  nowMs: number,
): StandinAnswer {
  const range = rangeParams(params, ISO_WITH_ZONE);
  if (range === undefined)
    return jstreamError(400, 'invalid_parameter', 'from and to must be ISO 8601 with a zone');
  const fromMs = Date.parse(range.from);
  const toMs = Date.parse(range.to);
  // Asks for the running hour too: its finished five-minute points are data already.
  const hours = book.finishedHours(siteId, fromMs, toMs, nowMs + HOUR_MS);
  const points = hours.flatMap(({ startMs, bytes }) =>
    splitEvenly(bytes, POINTS_PER_HOUR)
      .map((share, i) => ({ startMs: startMs + i * POINT_MS, share }))
      .filter((p) => p.startMs >= fromMs && p.startMs < toMs && p.startMs + POINT_MS <= nowMs)
      .map((p) => ({ time: jstWallClock(p.startMs), traffic: { bytes: p.share } })),
  );
  return {
    status: 200,
    body: { siteId, interval: 300, unit: 'byte', timeZone: 'Asia/Tokyo', data: { points } },
  };
}

/** The HTTP JSON source configuration that reads this API (what a J-Stream contract would hold). */
export function jstreamStandinSource(
  baseUrl: string,
  siteId: string,
  tokenSecret: string,
): HttpJsonSourceConfig {
  return {
    kind: 'http-json',
    urlTemplate: `${baseUrl}/cdnext/v1/sites/${encodeURIComponent(siteId)}/traffic?from={from}&to={to}`,
    method: 'GET',
    queryTimeFormat: 'iso',
    authHeader: 'X-Api-Key',
    authPrefix: '',
    tokenSecret,
    itemsPath: 'data.points',
    timestampField: 'time',
    timestampFormat: 'iso',
    timestampTimeZone: 'Asia/Tokyo',
    bytesField: 'traffic.bytes',
    valueUnit: 'B',
  };
}
