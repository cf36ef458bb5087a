import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import type { NotificationMessage } from '../../notify/message/notification-message';
import { publishNotification } from '../../notify/message/publish-notification';
import type { NotificationSink, SubmitHints } from '../router/router-ports';
import {
  type CapKey,
  capKeysOf,
  DEFAULT_GROUP_INTERVAL_SECONDS,
  decideGrouping,
  type GroupDecision,
  heldWindowFits,
  heldWindowOf,
  isCapReached,
  isGroupable,
  type SendCaps,
  scopeKeyOf,
} from './grouping';
import type { GroupingStore } from './grouping-ports';

export interface GroupingSinkOptions {
  store: GroupingStore;
  publisher: MessagePublisher;
  /** Mails per address per hour, messages per Slack / Teams webhook per minute, before folding. */
  caps: SendCaps;
  now?: () => Date;
  /** Conditional window writes lost to other routers before giving up with a 5xx. */
  maxAttempts?: number;
}

/**
 * Storm control between "route decided" and "notification published". Per notification: recoveries
 * are published at once; alerts and repeats are decided against their scope's group window (send now,
 * or fold into the window's digest, which digest-flush publishes after the window's end). A held
 * notification (its route muted and holding) of any kind folds into the scope's held window, which
 * ends when the mute does.
 *
 * Crash safety: the window is written before the publish, and a redelivery of the window's first
 * notification publishes it again (the mailer mails an id once). A fold is a create-only entry keyed by
 * window and notification id, so a redelivered event folds nothing twice.
 */
export function groupingNotificationSink(options: GroupingSinkOptions): NotificationSink {
  const { store, publisher } = options;
  const maxAttempts = options.maxAttempts ?? 5;

  // Side by side: the count is set-union by id, so a redelivery after either one failed counts once.
  const publish = async (n: NotificationMessage, logger: Logger, keys: readonly CapKey[], now: Date) => {
    await Promise.all([
      store.recordSent({ buckets: keys, notificationId: n.id, now }),
      publishNotification(publisher, n, logger),
    ]);
  };

  const capReached = async (keys: readonly CapKey[]) => {
    const reached = await Promise.all(keys.map(async (k) => isCapReached(await store.sentIn(k), k.cap)));
    return reached.includes(true);
  };

  const submitOne = async (n: NotificationMessage, logger: Logger, hints: SubmitHints | undefined) => {
    const now = hints?.now ?? options.now?.() ?? new Date();
    const keys = capKeysOf(n, options.caps, now);
    const held = heldWindowOf(n, now);
    if (held === undefined && !isGroupable(n)) return publish(n, logger, keys, now);
    const scopeKey = held?.scopeKey ?? scopeKeyOf(n);
    const groupIntervalSeconds =
      held?.seconds ?? hints?.groupIntervalOf(n.routeId) ?? DEFAULT_GROUP_INTERVAL_SECONDS;
    for (let attempt = 1; ; attempt++) {
      // The cap is read beside the window (one round trip), though only a 'send' consults it.
      const [stored, capped] = await Promise.all([store.getWindow(scopeKey), capReached(keys)]);
      const window = held !== undefined ? heldWindowFits(stored?.value, n.heldUntil ?? '') : stored?.value;
      const input = { window, notification: n, now, groupIntervalSeconds, scopeKey };
      // A held notification always folds: its window sends nothing at once.
      const decision: GroupDecision = decideGrouping({ ...input, capReached: capped || held !== undefined });
      if (decision.action === 'resend') return publish(n, logger, keys, now);
      const sends = decision.action === 'send';
      if (sends || decision.open) {
        const sent = sends ? { buckets: keys, notificationId: n.id, now } : undefined;
        if ((await store.putWindow(decision.window, stored?.version, sent)) === undefined) {
          if (attempt >= maxAttempts) throw new Error(`group window ${scopeKey} kept changing`);
          continue;
        }
      }
      // Counted with the window: only the publish is left.
      if (sends) return publishNotification(publisher, n, logger);
      const alert = n.alerts[0];
      if (alert === undefined) return;
      await store.fold(decision.window, {
        id: n.id,
        org: n.org,
        language: n.language,
        recipients: n.recipients,
        targets: n.targets,
        alert,
        foldedAt: now.toISOString(),
      });
      logger.info('notification folded into digest', {
        notificationId: n.id,
        kind: n.kind,
        routeId: n.routeId,
        alertId: alert.alertId,
        windowStart: decision.window.windowStart,
        windowEnd: decision.window.windowEnd,
        capReached: capped,
        ...(held !== undefined && { heldUntil: n.heldUntil }),
      });
      return;
    }
  };

  return {
    async submit(notifications, logger, hints) {
      // In parallel: two notifications of one event never share a scope (one per route), and other
      // events meet them through the store's conditional writes anyway.
      await Promise.all(notifications.map((n) => submitOne(n, logger, hints)));
    },
  };
}
