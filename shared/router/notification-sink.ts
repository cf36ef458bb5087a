import type { Logger } from '../log/logger';
import { notificationAttributes } from '../notifications/notification-message';
import type { MessagePublisher } from '../ports/message-publisher';
import type { NotificationSink } from './router-ports';
import { ROUTER_TOPICS } from './router-topics';

/**
 * The first sink: every notification goes straight to topic `notifications`, one message each, all
 * awaited (a failure rejects, so the push answers 5xx and the event comes back). Publishing one id twice
 * is harmless: the mailer sends each id once.
 */
export function publishingNotificationSink(
  publisher: MessagePublisher,
  topic: string = ROUTER_TOPICS.notifications,
): NotificationSink {
  return {
    async submit(notifications, logger: Logger) {
      await Promise.all(
        notifications.map(async (n) => {
          const messageId = await publisher.publish(
            topic,
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
        }),
      );
    },
  };
}
