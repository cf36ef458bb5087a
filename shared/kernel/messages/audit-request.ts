import { z } from 'zod';
import { orgNameSchema } from '../org-name';

/**
 * What the router publishes on `audit-requests` when a host registers: "audit this org now" (a leaked
 * API key registering hosts is what the audit looks for). The org audit will accept its scheduled
 * requests on the same topic; this is the router's shape of it.
 */
export const hostRegisterAuditRequestSchema = z.object({
  org: orgNameSchema,
  reason: z.literal('hostRegister'),
  hostId: z.string().min(1),
});

export type HostRegisterAuditRequest = z.infer<typeof hostRegisterAuditRequestSchema>;
