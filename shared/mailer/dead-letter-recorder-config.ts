import { z } from 'zod';
import { gcpProject } from '../config/env-fields';

export const deadLetterRecorderConfigSchema = z.object({
  GOOGLE_CLOUD_PROJECT: gcpProject,
});
