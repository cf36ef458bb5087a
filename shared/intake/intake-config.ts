import { z } from 'zod';
import { envInt, envList, gcpProject } from '../kernel/config/env-fields';
import { createIpAllowlist } from './ip-allowlist';

export const intakeConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  /** Per attempt; with the attempts below this bounds how long Mackerel waits before a 202/503. */
  INTAKE_PUBLISH_TIMEOUT_MS: envInt(50, 10_000).default(1500),
  INTAKE_PUBLISH_ATTEMPTS: envInt(1, 5).default(3),
  INTAKE_FIRESTORE_TIMEOUT_MS: envInt(50, 30_000).default(3000),
  INTAKE_TOKEN_CACHE_SECONDS: envInt(0, 3600).default(60),
  /** Comma-separated CIDRs (Mackerel's published outgoing ranges); unset means the check is off. */
  INTAKE_SOURCE_ALLOWLIST: envList
    .refine((cidrs) => cidrs.length > 0, 'empty list; unset the variable to turn the check off')
    .superRefine((cidrs, ctx) => {
      cidrs.forEach((cidr, index) => {
        try {
          createIpAllowlist([cidr]);
        } catch {
          // Not the allowlist's own message: it quotes the entry, and config errors never echo values.
          ctx.addIssue({ code: 'custom', message: `entry ${index + 1} is not an IP address or CIDR range` });
        }
      });
    })
    .optional(),
  /** How many proxies append to X-Forwarded-For: 1 when reached directly, 2 behind an HTTPS load balancer. */
  INTAKE_TRUSTED_PROXY_HOPS: envInt(1, 5).default(1),
});

export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
