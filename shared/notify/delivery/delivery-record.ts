import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationMessage } from '../message/notification-message';

/** targetKeyOf({ kind: 'email' }). */
const EMAIL_TARGET_KEY = 'email';

/**
 * deliveries/{deliveryId}: how far one notification got at one target (its mail, its Slack message, its
 * PagerDuty events), keyed by deliveryIdOf. Pure transitions; the store
 * applies each one only if the record is still the version it was read at (see deliver-notification.ts).
 *
 *   (none) --create()--> SENDING --202--> SENT                 (acked; redeliveries acked unsent)
 *                          |  \--permanent 4xx--> FAILED        (acked; redeliveries acked unsent)
 *                          \--429/5xx/network--> PENDING        (5xx; the redelivery claims it again)
 *   PENDING, or SENDING with its lease run out --claim--> SENDING
 *
 * A brand-new notification is created straight in SENDING: create() is the atomic first claim, so a
 * separate PENDING write would only cost a round trip. PENDING is a record nobody is sending.
 */
export const DELIVERY_STATES = ['PENDING', 'SENDING', 'SENT', 'FAILED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const deliveryRecordSchema = z.object({
  notificationId: z.string().min(1),
  /** targetKeyOf the target; records written before targets existed are mail's. */
  target: z.string().min(1).default(EMAIL_TARGET_KEY),
  org: z.string().min(1),
  kind: z.enum(NOTIFICATION_KINDS),
  routeId: z.string().min(1),
  correlationId: z.string().min(1),
  /** Who the mail is for (the console shows it); absent in records written before it was kept. */
  recipients: z.object({ to: z.array(z.string()), cc: z.array(z.string()) }).optional(),
  state: z.enum(DELIVERY_STATES),
  /** Claims so far: 1 for the first send attempt. */
  attempts: z.int().min(1),
  /** SENDING only: until then the claimant may be sending; after it, another delivery may take over. */
  leaseUntil: z.date().optional(),
  /** PENDING only: the service asked (Retry-After) not to be sent to again before this. */
  notBefore: z.date().optional(),
  /** SENT only, when SendGrid gave one. */
  messageId: z.string().optional(),
  /** The last failure: why it is PENDING again, or why it FAILED. */
  lastError: z.object({ status: z.int().optional(), message: z.string() }).optional(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Firestore's TTL policy deletes the record after this. */
  expiresAt: z.date(),
});

export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

export interface DeliveryPolicy {
  /** How long a claim keeps other deliveries off; must outlast one send (timeout included). */
  leaseMs: number;
  /** How long a record (and so the once-only guarantee) lives; must outlast Pub/Sub's 7-day retention. */
  retentionMs: number;
}

export type ClaimDecision =
  | { action: 'claim' }
  | { action: 'wait'; leaseUntil: Date }
  | { action: 'done'; state: 'SENT' | 'FAILED' };

/**
 * What a delivery that finds an existing record may do. An expired record that TTL has not deleted yet
 * still counts: for a delivery, "already handled" is the safe reading of a stale record.
 */
export function decideClaim(record: DeliveryRecord, now: Date): ClaimDecision {
  switch (record.state) {
    case 'SENT':
    case 'FAILED':
      return { action: 'done', state: record.state };
    case 'PENDING':
      return record.notBefore !== undefined && record.notBefore > now
        ? { action: 'wait', leaseUntil: record.notBefore }
        : { action: 'claim' };
    case 'SENDING':
      return record.leaseUntil !== undefined && record.leaseUntil > now
        ? { action: 'wait', leaseUntil: record.leaseUntil }
        : { action: 'claim' };
  }
}

const leaseFrom = (now: Date, policy: DeliveryPolicy) => new Date(now.getTime() + policy.leaseMs);

/**
 * The record's document id: the notification id for mail (as before targets existed, so records in flight
 * across a deploy are still found), `<id>~<target key>` for the others.
 */
export const deliveryIdOf = (notificationId: string, targetKey: string): string =>
  targetKey === EMAIL_TARGET_KEY ? notificationId : `${notificationId}~${targetKey}`;

export function firstClaim(
  n: NotificationMessage,
  now: Date,
  policy: DeliveryPolicy,
  targetKey: string = EMAIL_TARGET_KEY,
): DeliveryRecord {
  return {
    notificationId: n.id,
    target: targetKey,
    org: n.org,
    kind: n.kind,
    routeId: n.routeId,
    correlationId: n.correlationId,
    recipients: { to: n.recipients.to, cc: n.recipients.cc },
    state: 'SENDING',
    attempts: 1,
    leaseUntil: leaseFrom(now, policy),
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + policy.retentionMs),
  };
}

function expectState(record: DeliveryRecord, allowed: readonly DeliveryState[], to: DeliveryState): void {
  if (!allowed.includes(record.state)) {
    throw new Error(`delivery ${record.notificationId}: no transition ${record.state} -> ${to}`);
  }
}

/** PENDING, or SENDING whose lease ran out (its sender died or stalled), to SENDING under a new lease. */
export function reclaim(record: DeliveryRecord, now: Date, policy: DeliveryPolicy): DeliveryRecord {
  expectState(record, ['PENDING', 'SENDING'], 'SENDING');
  const { notBefore: _notBefore, ...rest } = record;
  return {
    ...rest,
    state: 'SENDING',
    attempts: record.attempts + 1,
    leaseUntil: leaseFrom(now, policy),
    updatedAt: now,
  };
}

export function markSent(record: DeliveryRecord, now: Date, messageId: string | undefined): DeliveryRecord {
  expectState(record, ['SENDING'], 'SENT');
  const { leaseUntil: _lease, lastError: _error, ...rest } = record;
  return { ...rest, state: 'SENT', ...(messageId !== undefined && { messageId }), updatedAt: now };
}

export type DeliveryError = NonNullable<DeliveryRecord['lastError']>;

/**
 * A retryable failure: nobody is sending now, so the next redelivery may claim at once, or once
 * `notBefore` has passed when the service said when to come back.
 */
export function release(
  record: DeliveryRecord,
  now: Date,
  lastError: DeliveryError,
  notBefore?: Date,
): DeliveryRecord {
  expectState(record, ['SENDING'], 'PENDING');
  const { leaseUntil: _lease, ...rest } = record;
  return {
    ...rest,
    state: 'PENDING',
    lastError,
    updatedAt: now,
    ...(notBefore !== undefined && { notBefore }),
  };
}

export function markFailed(record: DeliveryRecord, now: Date, lastError: DeliveryError): DeliveryRecord {
  expectState(record, ['SENDING'], 'FAILED');
  const { leaseUntil: _lease, ...rest } = record;
  return { ...rest, state: 'FAILED', lastError, updatedAt: now };
}
