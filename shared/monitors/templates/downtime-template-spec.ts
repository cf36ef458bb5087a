import { z } from 'zod';
import { downtimeBaseShape } from '../../mackerel/api/downtime-spec';
import { NAME_MAX_CHARS } from '../../mackerel/api/monitor-spec';

const monitorNames = z.array(z.string().trim().min(1).max(NAME_MAX_CHARS));

/**
 * A rendered downtime: downtimeSpecSchema's shape, its monitor scopes naming monitors of the same org
 * (ids differ per org; the push resolves them). `start` is epoch seconds by now (the template may write ISO).
 */
export const downtimeTemplateSpecSchema = z.strictObject({
  ...downtimeBaseShape,
  monitorScopes: monitorNames.optional(),
  monitorExcludeScopes: monitorNames.optional(),
});

export type DowntimeTemplate = z.infer<typeof downtimeTemplateSpecSchema>;

/** Keys a user may reach for that Mackerel downtimes do not have (NO_HOST_SCOPE says why). */
export const HOST_SCOPE_KEYS: ReadonlySet<string> = new Set([
  'hostScopes',
  'hostExcludeScopes',
  'hostIds',
  'hosts',
]);
