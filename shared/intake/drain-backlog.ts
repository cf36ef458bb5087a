import { z } from 'zod';
import type { Logger } from '../kernel/log/logger';
import type { MessagePublisher } from '../kernel/ports/message-publisher';
import { withRetry } from '../kernel/retry/with-retry';
import type { EventBacklog } from './event-backlog';

/** The message Cloud Scheduler publishes to backlog-drain-requests. */
export const backlogDrainRequestSchema = z.object({
  reason: z.enum(['schedule', 'manual']),
  maxEntries: z.number().int().positive().max(100_000).optional(),
});

export type BacklogDrainRequest = z.infer<typeof backlogDrainRequestSchema>;

export interface DrainResult {
  republished: number;
  failed: number;
  remaining: number;
}

export interface DrainDeps {
  backlog: EventBacklog;
  publisher: MessagePublisher;
  logger: Logger;
}

const BATCH = 100;
/** The drain is not on anyone's answer path: give a recovering Pub/Sub a few seconds. */
const PUBLISH_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 2000 };

/**
 * Republishes backlog entries oldest first and deletes each only after its publish is acknowledged.
 * A crash between the two republishes that entry next time; the router's dedup key absorbs it.
 * Stops at the first failure: Pub/Sub is evidently still down, and the next schedule tries again.
 */
export async function drainBacklog(deps: DrainDeps, request: BacklogDrainRequest): Promise<DrainResult> {
  const limit = request.maxEntries ?? 10_000;
  let republished = 0;
  let failed = 0;
  while (republished < limit && failed === 0) {
    const entries = await deps.backlog.oldest(Math.min(BATCH, limit - republished));
    if (entries.length === 0) break;
    for (const entry of entries) {
      const log = deps.logger.child({
        correlationId: entry.attributes.correlationId,
        org: entry.attributes.org,
        event: entry.attributes.event,
      });
      try {
        await withRetry(
          () => deps.publisher.publish(entry.topic, Buffer.from(entry.data, 'utf8'), entry.attributes),
          PUBLISH_RETRY,
        );
      } catch (error) {
        failed++;
        log.warn('backlog republish failed; will retry on the next drain', { error, backlogId: entry.id });
        break;
      }
      await deps.backlog.remove(entry.id);
      republished++;
      log.info('backlog entry republished', { backlogId: entry.id, receivedAt: entry.receivedAt });
    }
  }
  const remaining = await deps.backlog.count();
  const summary = { republished, failed, remaining, reason: request.reason };
  if (remaining > 0) deps.logger.warn('backlog drain finished with entries left', summary);
  else deps.logger.info('backlog drain finished', summary);
  return { republished, failed, remaining };
}
