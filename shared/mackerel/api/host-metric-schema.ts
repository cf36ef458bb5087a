import { z } from 'zod';

/** One point for `POST /api/v0/tsdb`: a host's metric (`custom.` names are graphed); `time` in epoch seconds. */
export const hostMetricValueSchema = z.object({
  hostId: z.string().min(1),
  name: z.string().min(1),
  time: z.number(),
  value: z.number(),
});

export type HostMetricValue = z.infer<typeof hostMetricValueSchema>;

export const hostMetricValuesSchema = z.array(hostMetricValueSchema);
