import { z } from 'zod';
import type { StandinAnswer } from './standin-answer';
import type { TrafficBook } from './traffic-book';

/** The v4 API's error body (auth failures, rate limits, outages); 10000 is "Authentication error". */
export function cloudflareError(status: number, code: number, message: string): StandinAnswer {
  return { status, body: { success: false, errors: [{ code, message }], messages: [], result: null } };
}

/** A GraphQL error: HTTP 200 with `data: null` and the `errors` array. */
function graphqlError(message: string, nowMs: number): StandinAnswer {
  const timestamp = new Date(nowMs).toISOString();
  return { status: 200, body: { data: null, errors: [{ message, path: null, extensions: { timestamp } }] } };
}

/** Cloudflare's per-user GraphQL quota: at most `queries` in any `windowMs`. */
export class QueryBudget {
  private readonly spent: number[] = [];

  constructor(
    private readonly queries: number,
    private readonly windowMs: number,
  ) {}

  take(nowMs: number): boolean {
    while (this.spent.length > 0 && (this.spent[0] ?? 0) <= nowMs - this.windowMs) this.spent.shift();
    if (this.spent.length >= this.queries) return false;
    this.spent.push(nowMs);
    return true;
  }
}

const isoInstant = z.iso.datetime();

/** The stand-in reads its inputs from variables; a real GraphQL server would also take inline literals. */
const requestSchema = z.object({
  query: z.string(),
  variables: z.object({
    zoneTag: z.string().min(1),
    filter: z.object({ datetime_geq: isoInstant, datetime_lt: isoInstant }),
  }),
});

const LIMIT = /httpRequests1hGroups\s*\(\s*limit\s*:\s*(\d+)/;
/** Cloudflare caps rows per query at 10,000. */
const MAX_LIMIT = 10_000;

/**
 * `POST /client/v4/graphql` for `viewer.zones(filter:{zoneTag}).httpRequests1hGroups(limit, filter:
 * {datetime_geq, datetime_lt})` with `dimensions { datetime }` and `sum { bytes }`: finished hours, oldest
 * first, at most `limit` of them.
 */
export function cloudflareGraphqlAnswer(
  book: TrafficBook,
  budget: QueryBudget,
  raw: unknown,
  nowMs: number,
): StandinAnswer {
  if (!budget.take(nowMs)) {
    return graphqlError('rate limiter budget depleted, please try again after 5 minutes', nowMs);
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    return graphqlError(
      `error parsing args: expected variables zoneTag and filter {datetime_geq, datetime_lt}`,
      nowMs,
    );
  }
  const limit = Number(LIMIT.exec(parsed.data.query)?.[1] ?? Number.NaN);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return graphqlError(
      `this stand-in answers httpRequests1hGroups(limit: 1..${MAX_LIMIT}, ...) only`,
      nowMs,
    );
  }
  const { zoneTag, filter } = parsed.data.variables;
  const hours = book
    .finishedHours(zoneTag, Date.parse(filter.datetime_geq), Date.parse(filter.datetime_lt), nowMs)
    // datetime_geq is exact in GraphQL: an hour that starts before it is not included.
    .filter((h) => h.startMs >= Date.parse(filter.datetime_geq))
    .slice(0, limit);
  const groups = hours.map(({ startMs, bytes }) => ({
    dimensions: { datetime: new Date(startMs).toISOString().replace('.000Z', 'Z') },
    sum: { bytes },
  }));
  return {
    status: 200,
    body: { data: { viewer: { zones: [{ httpRequests1hGroups: groups }] } }, errors: null },
  };
}
