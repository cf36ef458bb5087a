import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { firestoreWebhookTokens } from '../shared/orgs/adapters/firestore-webhook-tokens';
import { generateWebhookToken, hashWebhookToken } from '../shared/orgs/webhook-token';
import { COLLECTIONS } from '../shared/platform/firestore/firestore-collections';

export interface IssuedWebhookToken {
  /** The only copy there will be: printed once, never stored. */
  token: string;
  /** Older tokens of the org revoked by this call. */
  revoked: number;
}

/** What `org show` tells of a token: never the token, and only the start of its hash (to tell them apart). */
const tokenSummarySchema = z.object({
  label: z.string().optional(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type WebhookTokenSummary = z.infer<typeof tokenSummarySchema> & { hashPrefix: string };

const tokensOf = (db: Firestore, org: string) =>
  db.collection(COLLECTIONS.webhookTokens).where('org', '==', org).get();

/**
 * Registers a new random token for the org (only its SHA-256 is stored), then, with `revokeOthers`,
 * revokes every other active token of the org. In that order: a failure half-way leaves the org with an
 * extra working token, never with none.
 */
export async function issueWebhookToken(
  db: Firestore,
  request: { org: string; label: string; now: Date; revokeOthers: boolean },
): Promise<IssuedWebhookToken> {
  const token = generateWebhookToken();
  const hash = hashWebhookToken(token);
  const at = request.now.toISOString();
  await firestoreWebhookTokens(db).register(hash, { org: request.org, label: request.label, createdAt: at });
  if (!request.revokeOthers) return { token, revoked: 0 };
  const others = (await tokensOf(db, request.org)).docs.filter(
    (doc) => doc.id !== hash && doc.get('revokedAt') === undefined,
  );
  await Promise.all(others.map((doc) => doc.ref.update({ revokedAt: at })));
  return { token, revoked: others.length };
}

/** The org's tokens, newest first; a record that does not parse is left out. */
export async function listWebhookTokens(db: Firestore, org: string): Promise<WebhookTokenSummary[]> {
  const snapshot = await tokensOf(db, org);
  return snapshot.docs
    .flatMap((doc) => {
      const parsed = tokenSummarySchema.safeParse(doc.data());
      return parsed.success ? [{ ...parsed.data, hashPrefix: doc.id.slice(0, 8) }] : [];
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The URL to paste into the org's Mackerel webhook channel. */
export const webhookUrlOf = (intakeUrl: string, token: string): string =>
  `${intakeUrl.replace(/\/+$/, '')}/hooks/mackerel/${token}`;
