import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { TOPICS } from '../../kernel/topology';
import { type NotificationMessage, notificationAttributes } from './notification-message';

/** Publishes one notification to topic `notifications` and logs it; every notifier sends through this. */
export async function publishNotification(
  publisher: MessagePublisher,
  n: NotificationMessage,
  logger: Logger,
): Promise<void> {
  const messageId = await publisher.publish(
    TOPICS.notifications,
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
