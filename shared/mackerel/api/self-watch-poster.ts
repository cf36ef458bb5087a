import { z } from 'zod';
import type { OrgApiClients } from './org-api-clients';
import type { ServiceMetricValue } from './service-metric-schema';

/** Env of the functions that post the pipeline's own health to the MSP's Mackerel org. */
export const selfWatchEnvShape = {
  /** The MSP's own Mackerel org that receives the self-watch metrics; unset turns self-watch off. */
  SELF_WATCH_ORG: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  SELF_WATCH_SERVICE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('msp-pipeline'),
};

export type SelfWatchPost = (points: ServiceMetricValue[]) => Promise<void>;

/** `{ postSelfWatch }` posting service metrics through the self-watch org's key, or `{}` when it is unset. */
export function selfWatchPoster(
  clientFor: OrgApiClients,
  config: { SELF_WATCH_ORG?: string | undefined; SELF_WATCH_SERVICE: string },
): { postSelfWatch?: SelfWatchPost } {
  const org = config.SELF_WATCH_ORG;
  if (org === undefined) return {};
  return {
    postSelfWatch: async (points) => {
      const client = await clientFor(org);
      await client.postServiceMetrics(config.SELF_WATCH_SERVICE, points);
    },
  };
}
