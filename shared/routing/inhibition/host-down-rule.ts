import type { InhibitRuleInput } from './inhibit-rule-schema';

/**
 * The rule the demo org ships with: while a host's connectivity alert is open, the host's other alerts
 * (CPU, disk, checks: all symptoms of it being unreachable) are not notified.
 */
export const HOST_DOWN_INHIBITS_HOST_ALERTS: InhibitRuleInput = {
  id: 'host-down',
  name: "connectivity lost: the host's other alerts wait",
  source: { alertTypes: ['connectivity'] },
  target: {},
  equal: ['org', 'host'],
};
