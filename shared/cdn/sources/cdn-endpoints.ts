import { z } from 'zod';

const baseUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .transform((url) => url.replace(/\/+$/, ''));

/**
 * Provider API roots in cdn-usage's env; unset: the providers themselves, locally the stand-in (local/cdn).
 * HTTP JSON sources carry their own URL.
 */
export const cdnEndpointsEnvShape = {
  CDN_FASTLY_BASE_URL: baseUrl('https://api.fastly.com'),
  CDN_CLOUDFLARE_BASE_URL: baseUrl('https://api.cloudflare.com'),
};

export interface CdnEndpoints {
  fastlyBaseUrl: string;
  cloudflareBaseUrl: string;
}

export const cdnEndpointsOf = (env: {
  CDN_FASTLY_BASE_URL: string;
  CDN_CLOUDFLARE_BASE_URL: string;
}): CdnEndpoints => ({
  fastlyBaseUrl: env.CDN_FASTLY_BASE_URL,
  cloudflareBaseUrl: env.CDN_CLOUDFLARE_BASE_URL,
});
