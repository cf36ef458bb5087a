import type { SecretReader } from '../../kernel/ports/secret-reader';
import { FASTLY_SOURCE, fastlyFailure, fastlyHourly, fastlyStatsPath } from '../sources/fastly-stats';
import type { UsageSource } from '../sources/usage-source';
import type { FastlySourceConfig } from '../sources/usage-source-config';
import { type CdnHttpOptions, callJson } from './call-json';
import { readSourceToken } from './read-source-token';

export interface ProviderSourceDeps {
  secrets: SecretReader;
  /** `https://api.fastly.com`, `https://api.cloudflare.com`, or a local stand-in. */
  baseUrl: string;
  http?: CdnHttpOptions;
}

/** Fastly's Historical Stats API, one service, hourly buckets. */
export function fastlyUsageSource(config: FastlySourceConfig, deps: ProviderSourceDeps): UsageSource {
  return {
    async fetchHourly(range) {
      const token = await readSourceToken(deps.secrets, config.tokenSecret);
      return callJson(
        {
          source: FASTLY_SOURCE,
          url: `${deps.baseUrl}${fastlyStatsPath(config.serviceId, range)}`,
          init: { method: 'GET', headers: { 'Fastly-Key': token, Accept: 'application/json' } },
          failure: (status, body) => fastlyFailure(status, body, token),
          read: (body) => fastlyHourly(body, config.egress, range),
        },
        deps.http,
      );
    },
  };
}
