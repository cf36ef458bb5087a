import { z } from 'zod';
import { orgNameSchema } from '../kernel/org-name';
import { downtimeSpecSchema } from '../mackerel/api/downtime-spec';
import { monitorSpecSchema } from '../mackerel/api/monitor-spec';

/**
 * monitorPlans/{org}: what the templates rendered for the org at its last `monitors push` (written before
 * the push applies, so a push that failed still leaves what main says the org should have). The audit
 * compares the org's monitors with it; it never reads the template folder.
 */
export const monitorPlanRecordSchema = z.object({
  org: orgNameSchema,
  monitors: z.array(z.object({ set: z.string().min(1), spec: monitorSpecSchema })),
  downtimes: z.array(z.object({ set: z.string().min(1), spec: downtimeSpecSchema })),
  /** Epoch seconds. */
  renderedAt: z.int().nonnegative(),
  /** The templates' commit, when the push knew it (Cloud Build's COMMIT_SHA). */
  revision: z.string().nullable(),
});

export type MonitorPlanRecord = z.infer<typeof monitorPlanRecordSchema>;

export interface MonitorPlanStore {
  get(org: string): Promise<MonitorPlanRecord | null>;
  put(record: MonitorPlanRecord): Promise<void>;
}
