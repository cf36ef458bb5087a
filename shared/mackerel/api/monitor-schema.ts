import { z } from 'zod';
import { optionalField } from './optional-field';

/**
 * A monitor from `GET /api/v0/monitors`: only the keys common to every type are checked, the rest
 * (metric, operator, thresholds, scopes...) passes through. A connectivity monitor may have no name.
 */
export const apiMonitorSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  name: optionalField(z.string()),
  memo: optionalField(z.string()),
  isMute: optionalField(z.boolean()),
  notificationInterval: optionalField(z.number()),
});

export type ApiMonitor = z.infer<typeof apiMonitorSchema>;

export const monitorsResponseSchema = z.looseObject({ monitors: z.array(apiMonitorSchema) });

export const monitorResponseSchema = z.looseObject({ monitor: apiMonitorSchema });
