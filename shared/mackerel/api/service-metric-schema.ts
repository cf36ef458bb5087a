import { z } from 'zod';

/** One point for `POST /api/v0/services/<service>/tsdb`; `time` in epoch seconds. */
export const serviceMetricValueSchema = z.object({
  name: z.string().min(1),
  time: z.number(),
  value: z.number(),
});

export type ServiceMetricValue = z.infer<typeof serviceMetricValueSchema>;

export const serviceMetricValuesSchema = z.array(serviceMetricValueSchema);

/** Mackerel answers a successful post with `{"success":true}`. */
export const postMetricsResponseSchema = z.looseObject({ success: z.boolean() });
