import type { AuditChannel } from '../audit-observation';
import type { DraftOf } from './finding';

const withoutTrailingSlash = (path: string): string => path.replace(/\/+$/, '');

/**
 * Whether a channel URL points at our intake: same scheme and host, path under the prefix's path. The
 * user-info part is ignored (`https://mackerel:<token>@host/hooks/mackerel` is ours too), as is the token
 * that follows the prefix.
 */
function pointsAt(url: string | undefined, prefix: URL): boolean {
  if (url === undefined || !URL.canParse(url)) return false;
  const target = new URL(url);
  const base = withoutTrailingSlash(prefix.pathname);
  return (
    target.protocol === prefix.protocol &&
    target.host === prefix.host &&
    (target.pathname === base || target.pathname.startsWith(`${base}/`))
  );
}

/** No `events` in the answer: subscription cannot be judged, so it is not held against the channel. */
const subscribesToAlerts = (c: AuditChannel): boolean => c.events === undefined || c.events.includes('alert');
const isSuspended = (c: AuditChannel): boolean => c.suspendedAt !== undefined && c.suspendedAt !== null;

/**
 * Our webhook channel must exist, take `alert` events and not be suspended (Mackerel suspends a channel
 * whose deliveries keep failing, and then sends us nothing). One healthy channel among several is enough;
 * otherwise the one nearest to working is named. Never the URL: it holds the token.
 */
export function webhookChannelFinding(
  channels: readonly AuditChannel[],
  webhookUrlPrefix: string,
): DraftOf<'webhook-channel'> | null {
  const prefix = new URL(webhookUrlPrefix);
  const ours = channels
    .filter((c) => c.type === 'webhook' && pointsAt(c.url, prefix))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (ours.some((c) => !isSuspended(c) && subscribesToAlerts(c))) return null;
  const named = ours.find((c) => !isSuspended(c)) ?? ours[0];
  const problem =
    named === undefined ? 'missing' : isSuspended(named) ? 'suspended' : 'alerts-not-subscribed';
  return {
    key: 'webhook-channel',
    kind: 'webhook-channel',
    severity: 'critical',
    expiresAt: null,
    facts: {
      problem,
      channelId: named?.id ?? null,
      channelName: named?.name ?? null,
      suspendedAt: named?.suspendedAt ?? null,
    },
  };
}
