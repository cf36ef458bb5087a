import { z } from 'zod';
import { gcpProject } from '../kernel/config/env-fields';

export const deadLetterRecorderConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
});
