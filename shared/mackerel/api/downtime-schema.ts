import { z } from 'zod';
import { optionalField } from './optional-field';

const scopes = optionalField(z.array(z.string()));

/**
 * A downtime from `/api/v0/downtimes`: the keys the push compares are checked, anything else Mackerel adds
 * passes through, so a new server key does not fail a whole org.
 */
export const apiDowntimeSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  memo: optionalField(z.string()),
  /** Epoch seconds. */
  start: z.number(),
  /** Minutes. */
  duration: z.number(),
  recurrence: optionalField(z.looseObject({ type: z.string(), interval: z.number() })),
  serviceScopes: scopes,
  serviceExcludeScopes: scopes,
  roleScopes: scopes,
  roleExcludeScopes: scopes,
  monitorScopes: scopes,
  monitorExcludeScopes: scopes,
});

export type ApiDowntime = z.infer<typeof apiDowntimeSchema>;

export const downtimesResponseSchema = z.looseObject({ downtimes: z.array(apiDowntimeSchema) });
