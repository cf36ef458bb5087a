import type { Logger } from '../../kernel/log/logger';
import type { MessagePublisher } from '../../kernel/ports/message-publisher';
import { publishNotification } from '../../notify/message/publish-notification';
import type { NotificationSink } from '../router/router-ports';
import type { SendCaps } from './grouping';
import type { GroupingStore } from './grouping-ports';
import { groupingNotificationSink } from './grouping-sink';

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

export interface NotificationSinkSettings {
  /** ROUTER_GROUPING: storm control on (group windows, digests, the caps). */
  grouping: boolean;
  /** ROUTER_RECIPIENT_HOURLY_CAP, ROUTER_SLACK_PER_MINUTE, ROUTER_TEAMS_PER_MINUTE. */
  caps: SendCaps;
  store: GroupingStore;
  publisher: MessagePublisher;
}

/** The router's sink, shared by the router and the repeat sweep so both notify through the same control. */
export function notificationSinkFor(settings: NotificationSinkSettings): NotificationSink {
  const { grouping, caps, store, publisher } = settings;
  return grouping
    ? groupingNotificationSink({ store, publisher, caps })
    : publishingNotificationSink(publisher);
}
