import { z } from 'zod';
import { envInt, gcpProject } from '../../kernel/config/env-fields';

export const digestFlushConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  DIGEST_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
  /** After a window's end, how long a router still folding into it (its 60 s timeout) is waited for. */
  DIGEST_FLUSH_GRACE_SECONDS: envInt(0, 600).default(60),
});
