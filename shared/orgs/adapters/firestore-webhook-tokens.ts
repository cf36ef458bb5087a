import type { Firestore } from '@google-cloud/firestore';
import { z } from 'zod';
import { COLLECTIONS } from '../../platform/firestore/firestore-collections';
import type { WebhookTokenDirectory } from '../webhook-token-directory';

/** webhookTokens/{sha256(token)}: several per org may be active at once, which makes rotation seamless. */
const tokenDocSchema = z.object({
  org: z.string().min(1),
  label: z.string().optional(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
});

export type WebhookTokenDoc = z.infer<typeof tokenDocSchema>;

/** A stored token record: its hash (the document id) and what was stored with it. */
export interface StoredWebhookToken {
  tokenHash: string;
  doc: WebhookTokenDoc;
}

export interface FirestoreWebhookTokens extends WebhookTokenDirectory {
  register(tokenHash: string, doc: WebhookTokenDoc): Promise<void>;
  /** The org's token records that parse, revoked ones included. */
  listOf(org: string): Promise<StoredWebhookToken[]>;
  revoke(tokenHash: string, at: string): Promise<void>;
}

export function firestoreWebhookTokens(db: Firestore): FirestoreWebhookTokens {
  const collection = db.collection(COLLECTIONS.webhookTokens);
  return {
    async findByHash(tokenHash) {
      const snapshot = await collection.doc(tokenHash).get();
      if (!snapshot.exists) return undefined;
      const doc = tokenDocSchema.safeParse(snapshot.data());
      // A malformed record must not authenticate anybody.
      if (!doc.success || doc.data.revokedAt !== undefined) return undefined;
      return { org: doc.data.org };
    },
    async register(tokenHash, doc) {
      await collection.doc(tokenHash).set(tokenDocSchema.parse(doc));
    },
    async listOf(org) {
      const snapshot = await collection.where('org', '==', org).get();
      return snapshot.docs.flatMap((stored) => {
        const doc = tokenDocSchema.safeParse(stored.data());
        return doc.success ? [{ tokenHash: stored.id, doc: doc.data }] : [];
      });
    },
    async revoke(tokenHash, at) {
      await collection.doc(tokenHash).update({ revokedAt: at });
    },
  };
}
