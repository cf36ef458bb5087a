import { firestoreDeadLetters } from '../../shared/dead-letters/adapters/firestore-dead-letters';
import { deadLetterRecorderConfigSchema } from '../../shared/dead-letters/dead-letter-recorder-config';
import { deadLetterDataSchema, recordDeadLetter } from '../../shared/dead-letters/record-dead-letter';
import { loadConfig } from '../../shared/kernel/config/load-config';
import { createLogger } from '../../shared/kernel/log/logger';
import { createFirestore } from '../../shared/platform/firestore/firestore-client';
import { servePush } from '../../shared/platform/pubsub/serve-push';

const logger = createLogger({ component: 'dead-letter-recorder' });
const config = loadConfig('dead-letter-recorder', deadLetterRecorderConfigSchema);
const store = firestoreDeadLetters(createFirestore(config.GOOGLE_CLOUD_PROJECT));

servePush('deadLetterRecorder', deadLetterDataSchema, logger, async (data, { envelope, logger: log }) => {
  await recordDeadLetter({ store, logger: log }, data, envelope);
  return 'ack';
});
