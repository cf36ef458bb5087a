import { TOPICS } from '../../kernel/topology';

/** Topics the router publishes to. */
export const ROUTER_TOPICS = {
  notifications: TOPICS.notifications,
  auditRequests: TOPICS.auditRequests,
  /** An org's sweep, when an alert that inhibited others stops doing so (sweep-repeats.ts). */
  repeatSweepRequests: TOPICS.repeatSweepRequests,
} as const;
