import { z } from 'zod';
import type { HourlyBucket } from '../model/hourly-bucket';
import { formatInstant } from './parse-timestamp';
import { fromHourStart, rollUpHourly } from './roll-up-hourly';
import {
  errorForStatus,
  providerDetail,
  type UsageRange,
  UsageSourceError,
  unexpectedBody,
} from './usage-source';
import type { FastlySourceConfig } from './usage-source-config';

export const FASTLY_SOURCE = 'Fastly stats API';

/** Historical Stats API path for one service's hourly buckets: epoch seconds, UTC, `to` exclusive. */
export function fastlyStatsPath(serviceId: string, range: UsageRange): string {
  const { from, to } = fromHourStart(range);
  const query = new URLSearchParams({
    from: formatInstant(from, 'epoch-s'),
    to: formatInstant(to, 'epoch-s'),
    by: 'hour',
  });
  return `/stats/service/${encodeURIComponent(serviceId)}?${query}`;
}

const byteCount = z.number().nonnegative();

/** The documented answer; Fastly sends many more fields per bucket, only these are read. */
const statsAnswerSchema = z.object({
  status: z.string(),
  msg: z.string().nullish(),
  data: z.array(
    z.object({
      start_time: z.number().int().nonnegative(),
      bandwidth: byteCount.optional(),
      edge_resp_header_bytes: byteCount.optional(),
      edge_resp_body_bytes: byteCount.optional(),
    }),
  ),
});
type StatsBucket = z.infer<typeof statsAnswerSchema>['data'][number];

function egressBytes(bucket: StatsBucket, index: number, egress: FastlySourceConfig['egress']): number {
  const bytes =
    egress === 'bandwidth'
      ? bucket.bandwidth
      : bucket.edge_resp_header_bytes === undefined || bucket.edge_resp_body_bytes === undefined
        ? undefined
        : bucket.edge_resp_header_bytes + bucket.edge_resp_body_bytes;
  if (bytes === undefined) {
    const fields = egress === 'bandwidth' ? 'bandwidth' : 'edge_resp_header_bytes/edge_resp_body_bytes';
    throw new UsageSourceError('bad-response', `${FASTLY_SOURCE}: data.${index} has no ${fields}`);
  }
  return bytes;
}

/** Hourly egress from a 200 answer; `egress` picks bandwidth or the edge response bytes. */
export function fastlyHourly(
  body: unknown,
  egress: FastlySourceConfig['egress'],
  range: UsageRange,
): HourlyBucket[] {
  const parsed = statsAnswerSchema.safeParse(body);
  if (!parsed.success) throw unexpectedBody(FASTLY_SOURCE, parsed.error);
  if (parsed.data.status !== 'success') {
    throw new UsageSourceError(
      'bad-response',
      `${FASTLY_SOURCE}: status ${parsed.data.status}: ${parsed.data.msg ?? 'no message'}`,
    );
  }
  const samples = parsed.data.data.map((bucket, index) => ({
    start: new Date(bucket.start_time * 1000),
    bytes: egressBytes(bucket, index, egress),
  }));
  return rollUpHourly(samples, range);
}

/** Fastly's error body: `{"msg": "...", "detail": "..."}`. */
const errorAnswerSchema = z.object({ msg: z.string(), detail: z.string().nullish() });

/** The error for a non-2xx answer, with Fastly's own message when it sent one. */
export function fastlyFailure(status: number, body: unknown, token: string): UsageSourceError {
  const parsed = errorAnswerSchema.safeParse(body);
  const text = parsed.success ? [parsed.data.msg, parsed.data.detail].filter(Boolean).join(': ') : undefined;
  return errorForStatus(FASTLY_SOURCE, status, providerDetail(text, token));
}
