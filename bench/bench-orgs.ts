import type { Firestore } from '@google-cloud/firestore';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../local/local-stack';
import { createLogger } from '../shared/kernel/log/logger';
import { firestoreOrgs } from '../shared/orgs/adapters/firestore-orgs';
import { firestoreWebhookTokens } from '../shared/orgs/adapters/firestore-webhook-tokens';
import { hashWebhookToken } from '../shared/orgs/webhook-token';

export const benchTokenOf = (org: string) => `token-${org}-0123456789`;
export const benchOrgNames = (count: number) =>
  Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
export const oncallOf = (org: string) => `oncall@${org}.example`;

/** Orgs with a token and a default route to oncall@<org>.example with the given group window. */
export async function seedBenchOrgs(
  db: Firestore,
  orgs: readonly string[],
  groupIntervalSeconds: number,
): Promise<void> {
  const now = new Date().toISOString();
  for (const org of orgs) {
    await firestoreOrgs(db).upsert({
      name: org,
      displayName: org,
      enabled: true,
      language: 'en',
      contacts: [],
      declaredNetworks: [],
      memo: '',
      defaultRoute: {
        recipients: { to: [oncallOf(org)], cc: [] },
        groupIntervalSeconds,
        repeatIntervalSeconds: 14_400,
      },
      createdAt: now,
    });
    await firestoreWebhookTokens(db).register(hashWebhookToken(benchTokenOf(org)), { org, createdAt: now });
  }
}

/** The whole local stack on free ports, quiet. */
export function startBenchStack(
  project: string,
  extra: Pick<LocalStackOptions, 'functionNodeArgs' | 'onFunctionLine'> = {},
): Promise<LocalStack> {
  return startLocalStack({
    config: {
      MSP_LOCAL_INTAKE_PORT: 0,
      MSP_LOCAL_PUBSUB_PORT: 0,
      MSP_LOCAL_FIRESTORE_PORT: 0,
      MSP_LOCAL_SENDGRID_PORT: 0,
      MSP_LOCAL_MACKEREL_PORT: 0,
      MSP_LOCAL_SECRETS_PORT: 0,
      MSP_LOCAL_CDN_PORT: 0,
      MSP_LOCAL_CONSOLE_PORT: 0,
      MSP_LOCAL_FUNCTIONS_BASE_PORT: 0,
      MSP_LOCAL_PROJECT: project,
    },
    logger: createLogger({}, () => {}),
    onFunctionLine: () => {},
    ...extra,
  });
}
