import { z } from 'zod';
import { loadConfig } from '../../kernel/config/load-config';
import type { SecretReader } from '../../kernel/ports/secret-reader';
import type { UsageSource } from '../sources/usage-source';
import type { PolledSourceConfig } from '../sources/usage-source-config';
import { cloudflareUsageSource } from './cdn-cloudflare-source';
import { fastlyUsageSource } from './cdn-fastly-source';
import type { CdnHttpOptions } from './cdn-http-call';
import { httpJsonUsageSource } from './cdn-http-json-source';

const baseUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .transform((url) => url.replace(/\/+$/, ''));

/** Provider API roots; locally they point at the stand-in (local/cdn). HTTP JSON sources carry their own URL. */
const cdnEndpointsSchema = z.object({
  CDN_FASTLY_BASE_URL: baseUrl('https://api.fastly.com'),
  CDN_CLOUDFLARE_BASE_URL: baseUrl('https://api.cloudflare.com'),
});

export interface CdnEndpoints {
  fastlyBaseUrl: string;
  cloudflareBaseUrl: string;
}

export function cdnEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env): CdnEndpoints {
  const parsed = loadConfig('cdn usage sources', cdnEndpointsSchema, env);
  return { fastlyBaseUrl: parsed.CDN_FASTLY_BASE_URL, cloudflareBaseUrl: parsed.CDN_CLOUDFLARE_BASE_URL };
}

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
