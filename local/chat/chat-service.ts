import { z } from 'zod';

/** The chat and paging services the chat stand-in plays. */
export const CHAT_SERVICES = ['slack', 'teams', 'pagerduty'] as const;

export const chatServiceSchema = z.enum(CHAT_SERVICES);

export type ChatService = z.infer<typeof chatServiceSchema>;

export const CHAT_SERVICE_LABELS: Record<ChatService, string> = {
  slack: 'Slack',
  teams: 'Teams',
  pagerduty: 'PagerDuty',
};
