import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { firestoreDeadLetters } from '../../shared/notify/adapters/firestore-dead-letters';
import { deadLetterRecorderConfigSchema } from '../../shared/notify/delivery/dead-letter-recorder-config';
import { deadLetterDataSchema, recordDeadLetter } from '../../shared/notify/delivery/record-dead-letter';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'dead-letter-recorder' });
const config = loadConfig('dead-letter-recorder', deadLetterRecorderConfigSchema);
const store = firestoreDeadLetters(createFirestore(config.GOOGLE_CLOUD_PROJECT));

servePush('deadLetterRecorder', deadLetterDataSchema, logger, async (data, { envelope, logger: log }) => {
  await recordDeadLetter({ store, logger: log }, data, envelope);
  return 'ack';
});
