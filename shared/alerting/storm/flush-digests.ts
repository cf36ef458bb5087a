import { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { TOPICS } from '../../kernel/topology';
import { notificationAttributes } from '../../notify/message/notification-message';
import type { AlertStateStore } from '../router/router-ports';
import { type AlertAtFlush, alertKeyOf, buildDigest } from './build-digest';
import { capBucketsOf, type FoldedNotification, isWindowDue } from './grouping';
import type { GroupingStore } from './grouping-ports';

/** What the scheduler (every minute) or an operator publishes on digest-flush-requests. */
export const digestFlushRequestSchema = z.object({ reason: z.enum(['schedule', 'manual']) });
export type DigestFlushRequest = z.infer<typeof digestFlushRequestSchema>;

export interface FlushDeps {
  store: GroupingStore;
  /** The router's alert states: each alert is shown as it stands at the flush (recovered ones marked). */
  alerts: Pick<AlertStateStore, 'get'>;
  publisher: MessagePublisher;
  logger: Logger;
  /** Seconds after a window's end before its digest goes: a router that read the window open may still be folding. */
  graceSeconds: number;
  now?: () => Date;
}

export interface FlushResult {
  published: string[];
  waiting: number;
}

/** The current state of each alert folded into a digest, read at once (one read per alert). */
async function alertsAtFlush(
  deps: FlushDeps,
  folded: readonly FoldedNotification[],
): Promise<Map<string, AlertAtFlush>> {
  const alerts = new Map(folded.map((f) => [alertKeyOf(f.alert), f.alert]));
  const states = await Promise.all(
    [...alerts].map(async ([key, alert]) => {
      const kind = alert.type === 'alertGroup' ? 'alertGroup' : 'alert';
      const stored = await deps.alerts.get(alert.org, { kind, id: alert.alertId });
      const state = stored?.value;
      const now: AlertAtFlush =
        state === undefined
          ? undefined
          : state.isOpen
            ? { isOpen: true, status: state.status }
            : { isOpen: false, closedAt: state.closedAt ?? state.eventTimeSeconds };
      return [key, now] as const;
    }),
  );
  return new Map(states);
}

/**
 * Publishes the digest of every window whose end (plus grace) has passed, then marks it sent. Dying
 * between the publish and the mark publishes it again on the next run: same id (scope + window start),
 * same content, and the mailer mails an id once.
 */
export async function flushDigests(deps: FlushDeps, request: DigestFlushRequest): Promise<FlushResult> {
  const now = deps.now?.() ?? new Date();
  const open = await deps.store.openDigests();
  const due = open.filter((d) => isWindowDue(d.windowEnd, now, deps.graceSeconds));
  const published: string[] = [];
  for (const window of due) {
    const folded = await deps.store.foldedInto(window.digestId);
    if (folded.length > 0) {
      const states = await alertsAtFlush(deps, folded);
      const digest = buildDigest(window, folded, (alert) => states.get(alertKeyOf(alert)));
      // Never held back, but counted: alerts right after a flush of many digests to one channel fold.
      await deps.store.recordSent({ buckets: capBucketsOf(digest, now), notificationId: digest.id, now });
      await deps.publisher.publish(
        TOPICS.notifications,
        Buffer.from(JSON.stringify(digest)),
        notificationAttributes(digest),
      );
      published.push(digest.id);
      deps.logger.info('digest published', {
        notificationId: digest.id,
        org: digest.org,
        routeId: digest.routeId,
        alerts: folded.length,
        windowStart: window.windowStart,
        windowEnd: window.windowEnd,
      });
    }
    await deps.store.markDigestSent(window.digestId, now);
  }
  deps.logger.info('digest flush done', {
    reason: request.reason,
    published: published.length,
    waiting: open.length - due.length,
  });
  return { published, waiting: open.length - due.length };
}
