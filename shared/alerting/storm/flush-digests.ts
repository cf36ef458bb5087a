import { z } from 'zod';
import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { TOPICS } from '../../kernel/topology';
import { notificationAttributes } from '../../notify/message/notification-message';
import { buildDigest, isWindowDue, recipientsOf } from './grouping';
import type { GroupingStore } from './grouping-ports';

/** What the scheduler (every minute) or an operator publishes on digest-flush-requests. */
export const digestFlushRequestSchema = z.object({ reason: z.enum(['schedule', 'manual']) });
export type DigestFlushRequest = z.infer<typeof digestFlushRequestSchema>;

export interface FlushDeps {
  store: GroupingStore;
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
      const digest = buildDigest(window, folded);
      await deps.store.recordSent(recipientsOf(digest), digest.id, now);
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
