import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { firestoreWebhookTokens } from '../shared/orgs/adapters/firestore-webhook-tokens';
import { generateWebhookToken, hashWebhookToken } from '../shared/orgs/webhook-token';

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
  const tokens = firestoreWebhookTokens(db);
  await tokens.register(hash, { org: request.org, label: request.label, createdAt: at });
  if (!request.revokeOthers) return { token, revoked: 0 };
  const others = (await tokens.listOf(request.org)).filter(
    (stored) => stored.tokenHash !== hash && stored.doc.revokedAt === undefined,
  );
  await Promise.all(others.map((stored) => tokens.revoke(stored.tokenHash, at)));
  return { token, revoked: others.length };
}

/** The org's tokens, newest first; a record that does not parse is left out. */
export async function listWebhookTokens(db: Firestore, org: string): Promise<WebhookTokenSummary[]> {
  const tokens = await firestoreWebhookTokens(db).listOf(org);
  return tokens
    .map(({ tokenHash, doc }) => ({
      ...(doc.label !== undefined ? { label: doc.label } : {}),
      createdAt: doc.createdAt,
      ...(doc.revokedAt !== undefined ? { revokedAt: doc.revokedAt } : {}),
      hashPrefix: tokenHash.slice(0, 8),
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The URL to paste into the org's Mackerel webhook channel. */
export const webhookUrlOf = (intakeUrl: string, token: string): string =>
  `${intakeUrl.replace(/\/+$/, '')}/hooks/mackerel/${token}`;
