export interface WebhookTokenRecord {
  org: string;
}

/** Looks a webhook token up by its hash; revoked tokens are not found. */
export interface WebhookTokenDirectory {
  findByHash(tokenHash: string): Promise<WebhookTokenRecord | undefined>;
}
