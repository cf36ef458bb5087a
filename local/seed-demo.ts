import type { Firestore } from '@google-cloud/firestore';
import { firestoreRoutingConfig } from '../shared/alerting/adapters/firestore-routing-config';
import { firestoreConsoleUsers } from '../shared/console/auth/adapters/firestore-console-users';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { firestoreWebhookTokens } from '../shared/orgs/adapters/firestore-webhook-tokens';
import { hashWebhookToken } from '../shared/orgs/webhook-token';
import { HOST_DOWN_INHIBITS_HOST_ALERTS } from '../shared/routing/inhibition/host-down-rule';
import { BUSINESS_HOURS_JST } from '../shared/routing/time-intervals/business-hours';
import { CHAT_DEMO_SECRET_NAMES } from './chat/chat-demo-secrets';

/** The console's local people: the local IAP signs in as the first one unless another is picked. */
export const DEMO_CONSOLE_USERS = [
  { email: 'operator@msp.example', role: 'operator' },
  { email: 'viewer@msp.example', role: 'viewer' },
] as const;

/** Known only to the local stack; real orgs get random tokens (see the README, "Add an org"). */
export const DEMO_ORG = 'demo';
export const DEMO_WEBHOOK_TOKEN = 'demo-local-token';

/**
 * The demo org with routing data for the router: the shop team gets shop criticals (`continue`, so org
 * routes added after it still run), the org's on-call gets whatever no org route matched (the default
 * route), and the MSP's NOC gets every critical of every org (an MSP-wide route, whatever the org's
 * routes did). While a host's connectivity alert is open, its other alerts wait (the host-down inhibit
 * rule), and are mailed when it closes.
 */
export async function seedDemo(db: Firestore): Promise<void> {
  const now = new Date().toISOString();
  await firestoreOrgs(db).upsert({
    name: DEMO_ORG,
    displayName: 'Demo customer',
    enabled: true,
    language: 'ja',
    contacts: [{ name: 'Demo on-call', email: 'oncall@demo.example', role: 'oncall' }],
    declaredNetworks: [],
    memo: 'Seeded by the local stack.',
    defaultRoute: {
      recipients: { to: ['oncall@demo.example'], cc: [] },
      groupIntervalSeconds: 300,
      repeatIntervalSeconds: 4 * 60 * 60,
    },
    createdAt: now,
  });
  // A second customer for the org audit: its webhook channel in the Mackerel stand-in is suspended.
  await firestoreOrgs(db).upsert({
    name: 'acme',
    displayName: 'ACME',
    enabled: true,
    language: 'en',
    contacts: [],
    hostQuota: { warn: 2, max: 3 },
    declaredNetworks: ['172.16.0.0/12'],
    memo: 'Seeded by the local stack.',
    createdAt: now,
  });
  await firestoreWebhookTokens(db).register(hashWebhookToken(DEMO_WEBHOOK_TOKEN), {
    org: DEMO_ORG,
    label: 'local demo',
    createdAt: now,
  });
  const routing = firestoreRoutingConfig(db);
  // Stored for `route test` and routes to refer to; no demo route does, so the demo mails at any hour.
  await routing.putTimeInterval(BUSINESS_HOURS_JST);
  await routing.putRoute(DEMO_ORG, {
    id: 'shop-critical',
    name: 'shop criticals to the shop team',
    order: 10,
    match: { services: ['shop'], minSeverity: 'critical' },
    continue: true,
    recipients: { to: ['shop-team@demo.example'] },
    // The shop team works in Teams as well as mail.
    targets: [{ kind: 'email' }, { kind: 'teams', webhookUrlSecret: CHAT_DEMO_SECRET_NAMES.teams }],
  });
  await routing.putInhibitRule(DEMO_ORG, HOST_DOWN_INHIBITS_HOST_ALERTS);
  const users = firestoreConsoleUsers(db);
  for (const user of DEMO_CONSOLE_USERS)
    await users.put({ ...user, grantedBy: 'local-stack', grantedAt: now });
  await routing.putMspRoute({
    id: 'noc-critical',
    name: 'NOC: every critical of every org',
    order: 10,
    match: { minSeverity: 'critical' },
    recipients: { to: ['noc@msp.example'] },
    // The NOC's channel and the on-call pager, beside the NOC's mailbox (local/chat stands in for both).
    targets: [
      { kind: 'email' },
      { kind: 'slack', webhookUrlSecret: CHAT_DEMO_SECRET_NAMES.slack },
      { kind: 'pagerduty', routingKeySecret: CHAT_DEMO_SECRET_NAMES.pagerduty },
    ],
  });
}
