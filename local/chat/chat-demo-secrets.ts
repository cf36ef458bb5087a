/**
 * The chat and paging credentials the local stack puts in its Secret Manager, under the names routes'
 * targets refer to, pointing at the chat stand-in.
 */
export const DEMO_PAGERDUTY_ROUTING_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

export const CHAT_DEMO_SECRET_NAMES = {
  slack: 'slack-noc-webhook',
  teams: 'teams-noc-webhook',
  pagerduty: 'pagerduty-oncall-key',
} as const;

export function chatDemoSecrets(chatBaseUrl: string): Record<string, string> {
  return {
    [CHAT_DEMO_SECRET_NAMES.slack]: `${chatBaseUrl}/slack/services/TLOCAL/BLOCAL/noc-local-secret`,
    [CHAT_DEMO_SECRET_NAMES.teams]: `${chatBaseUrl}/teams/workflows/noc-local-secret`,
    [CHAT_DEMO_SECRET_NAMES.pagerduty]: DEMO_PAGERDUTY_ROUTING_KEY,
  };
}
