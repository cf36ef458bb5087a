import type { Logger } from '../../kernel/log/logger';
import { withRetry } from '../../kernel/retry/with-retry';
import type { PushOutcome } from '../../platform/pubsub/push-handler';
import type { NotificationMessage } from '../message/notification-message';
import {
  type DeliveryPolicy,
  type DeliveryRecord,
  decideClaim,
  deliveryIdOf,
  firstClaim,
  markFailed,
  markSent,
  reclaim,
  release,
} from './delivery-record';
import type { DeliveryStore } from './delivery-store';
import { SendError, type SentMessage } from './send-error';

/**
 * Sends a notification to one of its targets once: one delivery record per (notification, target).
 *
 * Claiming: the first delivery claims the notification with create() (ALREADY_EXISTS for everyone
 * else), later ones by replacing the record only if it is still the version they read (Firestore's
 * lastUpdateTime precondition). Neither depends on transactions, which the npm emulator never makes
 * conflict. (The emulator ignores lastUpdateTime preconditions too, so races on a re-claim are covered
 * by the unit tests' store, which honours them as Firestore does.) A claim carries a lease: a
 * redelivery arriving while it runs answers 5xx and comes back after Pub/Sub's backoff; a claim whose
 * sender died runs out and is taken over.
 *
 * The one window where a message can still go out twice: the service has accepted the send (SendGrid's
 * 202, Slack's 200 "ok", Teams' 202) but SENT is not yet written, and the process dies there (crash,
 * SIGTERM, the request cut off at its timeout) or the answer is lost on the way back (a timeout or reset
 * after the service acted, indistinguishable from a send that never arrived, so treated as retryable).
 * The record is then still SENDING (or PENDING), and once the lease has run out a redelivery claims it
 * and sends again. Neither SendGrid's v3 send API nor Slack's or Teams' incoming webhooks take an
 * idempotency key, so the window cannot be closed from this side; it is kept to one HTTP answer and one
 * Firestore write (mail copies carry the same custom_args notificationId for SendGrid's event webhook to
 * tell them apart). PagerDuty has no such window: its events carry a dedup_key, so a second trigger or
 * resolve of one alert changes nothing. A failed SENT write is retried and, failing that, still acked:
 * the message went out, and a 5xx would make Pub/Sub redeliver into exactly that window.
 *
 * A 429 with Retry-After releases the record with `notBefore`: a redelivery before then answers busy
 * (5xx) without sending, so the service's wish holds whatever Pub/Sub's backoff is.
 */

export interface DeliveryRun {
  store: DeliveryStore;
  logger: Logger;
  policy: DeliveryPolicy;
  now?: () => Date;
}

/** One target's send, laid out before any claim: a notification that cannot be laid out holds no lease. */
export type PreparedSend = { ok: true; send: () => Promise<SentMessage> } | { ok: false; error: unknown };

export type DeliveryResult =
  | { outcome: 'sent'; messageId: string | undefined }
  | { outcome: 'already-done'; state: 'SENT' | 'FAILED' }
  /** Another delivery holds the claim (or just won it): come back later. */
  | { outcome: 'busy' }
  /** 429, 5xx, network: released for the redelivery. */
  | { outcome: 'retry'; status: number | undefined }
  /** A permanent rejection, recorded as FAILED. */
  | { outcome: 'failed'; status: number | undefined };

/** 5xx (redeliver) while the message may still go out; 2xx once it went out or never will. */
export const deliveryPushOutcome = (result: DeliveryResult): PushOutcome =>
  result.outcome === 'busy' || result.outcome === 'retry' ? 'retry' : 'ack';

type Claim =
  | { kind: 'claimed'; record: DeliveryRecord; version: string }
  | { kind: 'done'; state: 'SENT' | 'FAILED' }
  | { kind: 'busy'; reason: 'lease' | 'lost race' | 'vanished'; leaseUntil?: Date };

/** Final records are worth a few quick tries: each failure widens the duplicate window above. */
const FINAL_WRITE_RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };

async function claim(
  deps: DeliveryRun,
  n: NotificationMessage,
  targetKey: string,
  now: Date,
): Promise<Claim> {
  const fresh = firstClaim(n, now, deps.policy, targetKey);
  const created = await deps.store.create(fresh);
  if (created !== undefined) return { kind: 'claimed', record: fresh, version: created };
  const stored = await deps.store.get(deliveryIdOf(n.id, targetKey));
  // Deleted between the two calls (TTL took an expired record): the redelivery will create it anew.
  if (stored === undefined) return { kind: 'busy', reason: 'vanished' };
  const decision = decideClaim(stored.record, now);
  if (decision.action === 'done') return { kind: 'done', state: decision.state };
  if (decision.action === 'wait') return { kind: 'busy', reason: 'lease', leaseUntil: decision.leaseUntil };
  const next = reclaim(stored.record, now, deps.policy);
  const version = await deps.store.replace(next, stored.version);
  return version === undefined
    ? { kind: 'busy', reason: 'lost race' }
    : { kind: 'claimed', record: next, version };
}

/** Writes a final record; says what happened rather than throwing, since the message's fate is already decided. */
async function writeFinal(
  deps: DeliveryRun,
  next: DeliveryRecord,
  version: string,
): Promise<'written' | 'conflict' | { error: unknown }> {
  try {
    const written = await withRetry(() => deps.store.replace(next, version), FINAL_WRITE_RETRY);
    return written === undefined ? 'conflict' : 'written';
  } catch (error) {
    return { error };
  }
}

/**
 * A notification that cannot be rendered never will be: recorded FAILED with the reason (ERROR, so it is
 * heard about) and acked, instead of failing every redelivery until it is dead-lettered.
 */
async function recordUnrenderable(
  deps: DeliveryRun,
  n: NotificationMessage,
  now: () => Date,
  targetKey: string,
  log: Logger,
  error: unknown,
): Promise<DeliveryResult> {
  const reason = `cannot be rendered: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  log.error('notification cannot be rendered, recorded as failed', { error });
  const claimed = await claim(deps, n, targetKey, now());
  if (claimed.kind === 'done') return { outcome: 'already-done', state: claimed.state };
  if (claimed.kind === 'busy') return { outcome: 'busy' };
  const written = await writeFinal(
    deps,
    markFailed(claimed.record, now(), { message: reason }),
    claimed.version,
  );
  if (written !== 'written') {
    log.warn(
      'could not record the delivery as failed',
      written === 'conflict' ? { reason: written } : written,
    );
  }
  return { outcome: 'failed', status: undefined };
}

/**
 * `fields` go on every log line (recipient counts, event counts), `log` already names the notification
 * and the target.
 */
export async function deliverToTarget(
  deps: DeliveryRun,
  n: NotificationMessage,
  target: { key: string; prepared: PreparedSend; fields: Record<string, unknown> },
  log: Logger,
): Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  const { key: targetKey, prepared } = target;
  if (!prepared.ok) return recordUnrenderable(deps, n, now, targetKey, log, prepared.error);

  const claimed = await claim(deps, n, targetKey, now());
  if (claimed.kind === 'done') {
    log.info('notification already delivered, acking without sending', { state: claimed.state });
    return { outcome: 'already-done', state: claimed.state };
  }
  if (claimed.kind === 'busy') {
    log.info('notification claimed by another delivery, asking for redelivery', {
      reason: claimed.reason,
      leaseUntil: claimed.leaseUntil?.toISOString(),
    });
    return { outcome: 'busy' };
  }
  const { record, version } = claimed;
  const fields = { attempt: record.attempts, ...target.fields };

  let messageId: string | undefined;
  try {
    ({ messageId } = await prepared.send());
  } catch (error) {
    const failure =
      error instanceof SendError
        ? error
        : new SendError(`unexpected send error (${error instanceof Error ? error.name : typeof error})`, {
            retryable: true,
          });
    const lastError = {
      ...(failure.status !== undefined && { status: failure.status }),
      message: failure.message,
    };
    if (failure.retryable) {
      log.warn('notification send failed, asking for redelivery', {
        ...fields,
        error: failure,
        status: failure.status,
      });
      const notBefore =
        failure.retryAfterSeconds === undefined
          ? undefined
          : new Date(now().getTime() + failure.retryAfterSeconds * 1000);
      // Best effort: if this write is lost the claim simply runs out and the redelivery waits for that.
      const released = release(record, now(), lastError, notBefore);
      await deps.store.replace(released, version).catch((releaseError: unknown) => {
        log.warn('could not release the delivery claim', { error: releaseError });
      });
      return { outcome: 'retry', status: failure.status };
    }
    // ERROR: infra alerts on it. The message will never go out as it is; acking stops a retry loop.
    log.error('notification failed permanently', { ...fields, error: failure, status: failure.status });
    const written = await writeFinal(deps, markFailed(record, now(), lastError), version);
    if (written !== 'written') {
      log.warn(
        'could not record the delivery as failed',
        written === 'conflict' ? { reason: written } : written,
      );
    }
    return { outcome: 'failed', status: failure.status };
  }

  const written = await writeFinal(deps, markSent(record, now(), messageId), version);
  if (written === 'conflict') {
    log.warn('delivery record changed while sending; another delivery may have sent it too', {
      ...fields,
      messageId,
    });
  } else if (written !== 'written') {
    log.error('notification sent but not recorded as sent', { ...fields, messageId, error: written.error });
  } else {
    log.info('notification sent', { ...fields, messageId });
  }
  return { outcome: 'sent', messageId };
}
