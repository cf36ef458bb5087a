import type { Firestore } from '@google-cloud/firestore';
import { firestoreOrgs } from '../shared/adapters/firestore-orgs';
import { firestoreWebhookTokens } from '../shared/adapters/firestore-webhook-tokens';
import { hashWebhookToken } from '../shared/intake/webhook-token';

/** Known only to the local stack; real orgs get random tokens (see the README, "Add an org"). */
export const DEMO_ORG = 'demo';
export const DEMO_WEBHOOK_TOKEN = 'demo-local-token';

export async function seedDemo(db: Firestore): Promise<void> {
  const now = new Date().toISOString();
  await firestoreOrgs(db).upsert({
    name: DEMO_ORG,
    displayName: 'Demo customer',
    enabled: true,
    language: 'ja',
    createdAt: now,
  });
  await firestoreWebhookTokens(db).register(hashWebhookToken(DEMO_WEBHOOK_TOKEN), {
    org: DEMO_ORG,
    label: 'local demo',
    createdAt: now,
  });
}
