import type { SendCaps } from '../../shared/alerting/storm/grouping';

/** The router's default caps (router-config.ts), with what a test sets. */
export const sendCaps = (overrides: Partial<SendCaps> = {}): SendCaps => ({
  mailsPerHour: 30,
  slackPerMinute: 20,
  teamsPerMinute: 60,
  ...overrides,
});
