import { z } from 'zod';
import type { HourlyBucket } from '../model/hourly-bucket';
import { hourStartUtcSchema } from '../model/hourly-bucket';
import { formatInstant } from './parse-timestamp';
import { rollUpHourly } from './roll-up-hourly';
import {
  errorForStatus,
  providerDetail,
  type UsageRange,
  UsageSourceError,
  type UsageSourceErrorKind,
  unexpectedBody,
} from './usage-source';

export const CLOUDFLARE_SOURCE = 'Cloudflare GraphQL API';

/**
 * Hours per query. Every query counts against 300 per 5 minutes per user, so a range is asked for in few,
 * large pieces; a week stays well inside what the hourly dataset allows per query.
 */
export const CLOUDFLARE_MAX_HOURS_PER_QUERY = 24 * 7;

/** The POST body for one zone's hourly bytes over one piece of a range (at most one row per hour). */
export function cloudflareQueryBody(
  zoneTag: string,
  piece: UsageRange,
): { query: string; variables: unknown } {
  const hours = Math.ceil((piece.to.getTime() - piece.from.getTime()) / 3_600_000);
  const query = `query HourlyBytes($zoneTag: string, $filter: ZoneHttpRequests1hGroupsFilter_InputObject) {
  viewer {
    zones(filter: { zoneTag: $zoneTag }) {
      httpRequests1hGroups(limit: ${hours}, filter: $filter, orderBy: [datetime_ASC]) {
        dimensions { datetime }
        sum { bytes }
      }
    }
  }
}`;
  const filter = {
    datetime_geq: formatInstant(piece.from, 'iso'),
    datetime_lt: formatInstant(piece.to, 'iso'),
  };
  return { query, variables: { zoneTag, filter } };
}

/** GraphQL puts errors in a 200 answer: `errors` is null, or at least one `{message, path, extensions}`. */
const envelopeSchema = z.object({
  data: z.unknown(),
  errors: z.array(z.object({ message: z.string() })).nullish(),
});

const dataSchema = z.object({
  viewer: z.object({
    zones: z.array(
      z.object({
        httpRequests1hGroups: z.array(
          z.object({
            dimensions: z.object({ datetime: hourStartUtcSchema }),
            sum: z.object({ bytes: z.number().nonnegative() }),
          }),
        ),
      }),
    ),
  }),
});

/**
 * What a GraphQL error message means. A depleted budget ("rate limiter budget depleted, please try again
 * after 5 minutes") is not retried within the run: the wait is longer than a run should take.
 */
function kindOfGraphqlError(message: string): UsageSourceErrorKind {
  if (/rate.?limit|budget|too many/i.test(message)) return 'rate-limited';
  if (/authenticat/i.test(message)) return 'auth';
  if (/does not have access|not authori[sz]ed|permission/i.test(message)) return 'forbidden';
  return 'bad-response';
}

/** Hourly bytes from a 200 answer, or the UsageSourceError its `errors` array stands for. */
export function cloudflareHourly(
  body: unknown,
  zoneTag: string,
  range: UsageRange,
  token: string,
): HourlyBucket[] {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw unexpectedBody(CLOUDFLARE_SOURCE, envelope.error);
  const [first] = envelope.data.errors ?? [];
  if (first !== undefined) {
    const detail = providerDetail(first.message, token);
    throw new UsageSourceError(kindOfGraphqlError(first.message), `${CLOUDFLARE_SOURCE}: ${detail}`);
  }
  const data = dataSchema.safeParse(envelope.data.data);
  if (!data.success) throw unexpectedBody(CLOUDFLARE_SOURCE, data.error);
  const [zone] = data.data.viewer.zones;
  if (zone === undefined) {
    throw new UsageSourceError(
      'not-found',
      `${CLOUDFLARE_SOURCE}: zone ${zoneTag} not found or not visible to the token`,
    );
  }
  const samples = zone.httpRequests1hGroups.map((group) => ({
    start: new Date(group.dimensions.datetime),
    bytes: group.sum.bytes,
  }));
  return rollUpHourly(samples, range);
}

/** The v4 API's error body; code 10000 is "Authentication error" (a bad or revoked token), sent as 403. */
const restErrorSchema = z.object({ errors: z.array(z.object({ code: z.number(), message: z.string() })) });
const AUTHENTICATION_ERROR = 10000;

/** The error for a non-2xx answer. */
export function cloudflareFailure(status: number, body: unknown, token: string): UsageSourceError {
  const parsed = restErrorSchema.safeParse(body);
  const [first] = parsed.success ? parsed.data.errors : [];
  const detail = first === undefined ? '' : providerDetail(`${first.message} (${first.code})`, token);
  const kind = first?.code === AUTHENTICATION_ERROR ? 'auth' : undefined;
  return errorForStatus(CLOUDFLARE_SOURCE, status, detail, kind);
}
