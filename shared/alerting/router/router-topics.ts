import { TOPICS } from '../../kernel/topology';

/** Topics the router publishes to. */
export const ROUTER_TOPICS = {
  notifications: TOPICS.notifications,
  auditRequests: TOPICS.auditRequests,
} as const;
