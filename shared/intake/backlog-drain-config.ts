import { z } from 'zod';
import { envInt, gcpProject } from '../kernel/config/env-fields';

export const backlogDrainConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
  DRAIN_PUBLISH_TIMEOUT_MS: envInt(100, 60_000).default(5000),
});
