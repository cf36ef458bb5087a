import { asRecord } from './json-fields';
import { PAGERDUTY_ENQUEUE_PATH } from './pagerduty-events-contract';

/**
 * What the viewer shows of credentials: a webhook path's secret segment never, the ids before it by
 * their first letter (`/slack/services/T…/B…/••••`), a routing key by its last four (`••••abcd`).
 */
const MASK = '••••';

const initial = (segment: string): string => `${Array.from(segment)[0] ?? ''}…`;

export function maskPath(path: string): string {
  if (path === PAGERDUTY_ENQUEUE_PATH) return path;
  const slack = /^\/slack\/services\/([^/]*)\/([^/]*)\/[^/]*$/.exec(path);
  if (slack !== null) return `/slack/services/${initial(slack[1] ?? '')}/${initial(slack[2] ?? '')}/${MASK}`;
  // Anything else (a Teams workflow id): the last segment is the secret.
  return path.replace(/[^/]*$/, MASK);
}

/** Too short a key would be shown whole by its last four. */
export const maskRoutingKey = (key: string): string => (key.length >= 12 ? `${MASK}${key.slice(-4)}` : MASK);

/** A PagerDuty body for display: its routing key masked, the rest as received. */
export function withRoutingKeyMasked(body: unknown): unknown {
  const record = asRecord(body);
  if (record === undefined || typeof record.routing_key !== 'string') return body;
  return { ...record, routing_key: maskRoutingKey(record.routing_key) };
}
