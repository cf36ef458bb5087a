import { z } from 'zod';
import { createLogger } from '../../shared/kernel/log/logger';
import { servePush } from '../../shared/platform/pubsub/serve-push';

/**
 * The push baseline: the functions framework and the project's push handler (envelope decoded, data
 * parsed, JSON answer) around a use case that does nothing.
 */
servePush(
  'noopPush',
  z.object({}).passthrough(),
  createLogger({ component: 'noop-push' }),
  async () => 'ack',
);
