/** Firestore collection names, in one place so adapters, seeds and infra indexes agree. */
export const COLLECTIONS = {
  orgs: 'orgs',
  /** Subcollection orgs/{org}/routes. */
  routes: 'routes',
  mspRoutes: 'mspRoutes',
  silences: 'silences',
  webhookTokens: 'webhookTokens',
  intakeBacklog: 'intakeBacklog',
  /** One record per notification: the mailer's sent-state (TTL on expiresAt). */
  deliveries: 'deliveries',
  /** Notifications the mailer gave up on, recorded by dead-letter-recorder. */
  deadLetters: 'deadLetters',
} as const;
