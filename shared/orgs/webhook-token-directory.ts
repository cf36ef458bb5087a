export interface WebhookTokenRecord {
  org: string;
}

/** Looks a webhook token up by its hash; revoked tokens are not found. */
export interface WebhookTokenDirectory {
  findByHash(tokenHash: string): Promise<WebhookTokenRecord | undefined>;
  /**
   * The answer at hand without waiting (a cache hit), or undefined when it must be looked up. Lets the
   * webhook hot path skip the promise and deadline timer that a lookup needs.
   */
  answerAtHand?(tokenHash: string): { record: WebhookTokenRecord | undefined } | undefined;
}
