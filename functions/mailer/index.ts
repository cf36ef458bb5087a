import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { firestoreDeliveryStore } from '../../shared/notify/adapters/firestore-delivery-store';
import { httpChatSender } from '../../shared/notify/adapters/http-chat-sender';
import { sendgridMailSender } from '../../shared/notify/adapters/sendgrid-mail-sender';
import { deliverNotification, deliveryPushOutcome } from '../../shared/notify/delivery/deliver-notification';
import { deliveryPolicyOf, mailerConfigSchema } from '../../shared/notify/delivery/mailer-config';
import { notificationMessageSchema } from '../../shared/notify/message/notification-message';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { servePush } from '../../shared/platform/pubsub/serve-push';
import { secretReaderFromEnv } from '../../shared/platform/secrets/secret-reader-for';

const logger = createLogger({ component: 'mailer' });
const config = loadConfig('mailer', mailerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = {
  store: firestoreDeliveryStore(db),
  senders: {
    mail: sendgridMailSender({
      apiKey: config.SENDGRID_API_KEY,
      baseUrl: config.SENDGRID_API_BASE_URL,
      timeoutMs: config.SENDGRID_TIMEOUT_MS,
      from: { email: config.MAIL_FROM_ADDRESS, name: config.MAIL_FROM_NAME },
    }),
    chat: httpChatSender({
      secrets: secretReaderFromEnv(config, config.MAILER_SECRET_CACHE_SECONDS * 1000),
      pagerDutyEventsUrl: config.PAGERDUTY_EVENTS_URL,
      timeoutMs: config.CHAT_TIMEOUT_MS,
    }),
    links: config.CONSOLE_BASE_URL === undefined ? {} : { consoleUrl: config.CONSOLE_BASE_URL },
  },
  policy: deliveryPolicyOf(config),
};

servePush('mailer', notificationMessageSchema, logger, async (notification, { logger: log }) =>
  deliveryPushOutcome(await deliverNotification({ ...deps, logger: log }, notification)),
);
