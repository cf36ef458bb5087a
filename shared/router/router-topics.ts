import { TOPICS } from '../topology/topology';

/** Topics the router publishes to. */
export const ROUTER_TOPICS = {
  notifications: TOPICS.notifications,
  auditRequests: TOPICS.auditRequests,
} as const;
