import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreDeliveryStore } from '../../shared/adapters/firestore-delivery-store';
import { sendgridMailSender } from '../../shared/adapters/sendgrid-mail-sender';
import { loadConfig } from '../../shared/config/load-config';
import { createLogger } from '../../shared/log/logger';
import { deliverNotification, deliveryPushOutcome } from '../../shared/mailer/deliver-notification';
import { deliveryPolicyOf, mailerConfigSchema } from '../../shared/mailer/mailer-config';
import { notificationMessageSchema } from '../../shared/notifications/notification-message';
import { servePush } from '../../shared/pubsub/serve-push';

const logger = createLogger({ component: 'mailer' });
const config = loadConfig('mailer', mailerConfigSchema);
const db = createFirestore(config.GOOGLE_CLOUD_PROJECT);
const deps = {
  store: firestoreDeliveryStore(db),
  sender: sendgridMailSender({
    apiKey: config.SENDGRID_API_KEY,
    baseUrl: config.SENDGRID_API_BASE_URL,
    timeoutMs: config.SENDGRID_TIMEOUT_MS,
    from: { email: config.MAIL_FROM_ADDRESS, name: config.MAIL_FROM_NAME },
  }),
  policy: deliveryPolicyOf(config),
};

servePush('mailer', notificationMessageSchema, logger, async (notification, { logger: log }) =>
  deliveryPushOutcome(await deliverNotification({ ...deps, logger: log }, notification)),
);
