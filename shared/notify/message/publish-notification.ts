import type { NotificationSink } from '../../alerting/router/router-ports';
import { ROUTER_TOPICS } from '../../alerting/router/router-topics';
import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { type NotificationMessage, notificationAttributes } from './notification-message';

/** Publishes one notification to topic `notifications` and logs it; every sink sends through this. */
export async function publishNotification(
  publisher: MessagePublisher,
  n: NotificationMessage,
  logger: Logger,
): Promise<void> {
  const messageId = await publisher.publish(
    ROUTER_TOPICS.notifications,
    Buffer.from(JSON.stringify(n)),
    notificationAttributes(n),
  );
  logger.info('notification published', {
    notificationId: n.id,
    kind: n.kind,
    routeId: n.routeId,
    alertId: n.alerts[0]?.alertId,
    recipients: n.recipients.to.length + n.recipients.cc.length,
    messageId,
  });
}

/**
 * The sink without storm control (ROUTER_GROUPING=false): every notification goes straight out, all
 * awaited (a failure rejects, so the push answers 5xx and the event comes back). Publishing one id twice
 * is harmless: the mailer sends each id once.
 */
export function publishingNotificationSink(publisher: MessagePublisher): NotificationSink {
  return {
    async submit(notifications, logger: Logger) {
      await Promise.all(notifications.map((n) => publishNotification(publisher, n, logger)));
    },
  };
}
