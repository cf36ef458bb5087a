import { createFirestore } from '../../shared/adapters/firestore-client';
import { firestoreDeadLetters } from '../../shared/adapters/firestore-dead-letters';
import { loadConfig } from '../../shared/config/load-config';
import { createLogger } from '../../shared/log/logger';
import { deadLetterRecorderConfigSchema } from '../../shared/mailer/dead-letter-recorder-config';
import { deadLetterDataSchema, recordDeadLetter } from '../../shared/mailer/record-dead-letter';
import { servePush } from '../../shared/pubsub/serve-push';

const logger = createLogger({ component: 'dead-letter-recorder' });
const config = loadConfig('dead-letter-recorder', deadLetterRecorderConfigSchema);
const store = firestoreDeadLetters(createFirestore(config.GOOGLE_CLOUD_PROJECT));

servePush('deadLetterRecorder', deadLetterDataSchema, logger, async (data, { envelope, logger: log }) => {
  await recordDeadLetter({ store, logger: log }, data, envelope);
  return 'ack';
});
