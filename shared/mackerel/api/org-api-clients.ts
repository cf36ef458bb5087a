import { z } from 'zod';
import type { SecretReader } from '../../kernel/ports/secret-reader';
import { MackerelApiClient, type MackerelApiRetryPolicy } from './mackerel-api-client';

/** The secret holding an org's API key, by the naming convention of infra/secrets.tf. */
export const apiKeySecretOf = (org: string): string => `mackerel-api-key-${org}`;

/** Env of every function that calls Mackerel: unset means Mackerel itself; locally the stand-in. */
export const mackerelApiEnvShape = {
  MACKEREL_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
};

export interface OrgApiClientOptions {
  secrets: SecretReader;
  /** Unset: Mackerel itself. */
  baseUrl?: string | undefined;
  /** Per API call attempt. */
  timeoutMs?: number;
  retry?: MackerelApiRetryPolicy;
}

/** One org's API client; rejects with SecretNotFoundError when the org has no key. */
export type OrgApiClients = (org: string) => Promise<MackerelApiClient>;

/** Clients built from each org's own key, read at every call (the secret reader's cache sets how often). */
export function orgApiClients(options: OrgApiClientOptions): OrgApiClients {
  const { secrets, baseUrl, timeoutMs, retry } = options;
  return async (org) =>
    new MackerelApiClient({
      apiKey: await secrets.read(apiKeySecretOf(org)),
      ...(baseUrl ? { baseUrl } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(retry ? { retry } : {}),
    });
}
