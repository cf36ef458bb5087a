import type { SecretReader } from '../../kernel/ports/secret-reader';
import type { CdnEndpoints } from '../sources/cdn-endpoints';
import type { UsageSource } from '../sources/usage-source';
import type { PolledSourceConfig } from '../sources/usage-source-config';
import type { CdnHttpOptions } from './call-json';
import { cloudflareUsageSource } from './cloudflare-usage-source';
import { fastlyUsageSource } from './fastly-usage-source';
import { httpJsonUsageSource } from './http-json-usage-source';

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
