import {
  CLOUDFLARE_MAX_HOURS_PER_QUERY,
  CLOUDFLARE_SOURCE,
  cloudflareFailure,
  cloudflareHourly,
  cloudflareQueryBody,
} from '../sources/cloudflare-graphql';
import { splitRange } from '../sources/roll-up-hourly';
import type { UsageSource } from '../sources/usage-source';
import type { CloudflareSourceConfig } from '../sources/usage-source-config';
import { callJson } from './call-json';
import type { ProviderSourceDeps } from './fastly-usage-source';
import { readSourceToken } from './read-source-token';

/** Cloudflare's GraphQL Analytics API, one zone, `httpRequests1hGroups`; one query per week of range. */
export function cloudflareUsageSource(config: CloudflareSourceConfig, deps: ProviderSourceDeps): UsageSource {
  return {
    async fetchHourly(range) {
      const token = await readSourceToken(deps.secrets, config.tokenSecret);
      const buckets = [];
      // One piece after another: pieces in parallel would spend the shared query budget in bursts.
      for (const piece of splitRange(range, CLOUDFLARE_MAX_HOURS_PER_QUERY)) {
        const hours = await callJson(
          {
            source: CLOUDFLARE_SOURCE,
            url: `${deps.baseUrl}/client/v4/graphql`,
            init: {
              method: 'POST',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify(cloudflareQueryBody(config.zoneTag, piece)),
            },
            failure: (status, body) => cloudflareFailure(status, body, token),
            read: (body) => cloudflareHourly(body, config.zoneTag, piece, token),
          },
          deps.http,
        );
        buckets.push(...hours);
      }
      return buckets;
    },
  };
}
