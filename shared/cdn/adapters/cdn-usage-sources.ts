import type { SecretReader } from '../../kernel/ports/secret-reader';
import type { CdnEndpoints } from '../sources/cdn-endpoints';
import type { UsageSource } from '../sources/usage-source';
import type { PolledSourceConfig } from '../sources/usage-source-config';
import { cloudflareUsageSource } from './cdn-cloudflare-source';
import { fastlyUsageSource } from './cdn-fastly-source';
import type { CdnHttpOptions } from './cdn-http-call';
import { httpJsonUsageSource } from './cdn-http-json-source';

export interface UsageSourceDeps {
  secrets: SecretReader;
  endpoints: CdnEndpoints;
  http?: CdnHttpOptions;
}

/** The adapter for a contract's source (CSV sources are imported, never polled). */
export function usageSourceFor(config: PolledSourceConfig, deps: UsageSourceDeps): UsageSource {
  switch (config.kind) {
    case 'fastly':
      return fastlyUsageSource(config, { ...deps, baseUrl: deps.endpoints.fastlyBaseUrl });
    case 'cloudflare':
      return cloudflareUsageSource(config, { ...deps, baseUrl: deps.endpoints.cloudflareBaseUrl });
    case 'http-json':
      return httpJsonUsageSource(config, deps);
  }
}
