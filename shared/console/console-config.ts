import { z } from 'zod';
import { IAP_PUBLIC_KEYS_URL } from './auth/adapters/iap-signing-keys';
import { IAP_ISSUER } from './auth/iap-identity';

/** The Secret Manager secret of the CSRF key unless CONSOLE_CSRF_KEY_SECRET names another. */
export const CONSOLE_CSRF_KEY_SECRET_DEFAULT = 'console-csrf-key';

export const consoleConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: z.string().min(1),
  /**
   * The `aud` IAP puts in its assertions: `/projects/PROJECT_NUMBER/global/backendServices/SERVICE_ID` for
   * the console's load balancer backend (infra/console.tf sets it).
   */
  CONSOLE_IAP_AUDIENCE: z.string().min(1),
  CONSOLE_IAP_ISSUER: z.string().min(1).default(IAP_ISSUER),
  /** Where IAP's public keys are; the local stack serves its own signer's. */
  CONSOLE_IAP_KEYS_URL: z.url().default(IAP_PUBLIC_KEYS_URL),
  /** The console's own origin (https://console.example.jp): a POST from any other origin is refused. */
  CONSOLE_ORIGIN: z.url().transform((url) => new URL(url).origin),
  /** Secret Manager secret holding the key that signs per-session form tokens (CSRF). */
  CONSOLE_CSRF_KEY_SECRET: z.string().min(1).default(CONSOLE_CSRF_KEY_SECRET_DEFAULT),
  MACKEREL_WEB_BASE_URL: z
    .url()
    .default('https://mackerel.io')
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * Seconds an instance reuses the org list, audit summaries and host snapshots it read (each one
   * document per org); the local stack sets 0 so a page shows what a test or demo wrote a moment ago.
   */
  CONSOLE_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  SECRET_MANAGER_LOCAL_ENDPOINT: z.string().optional(),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
