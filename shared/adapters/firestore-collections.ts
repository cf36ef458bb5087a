/** Firestore collection names, in one place so adapters, seeds and infra indexes agree. */
export const COLLECTIONS = {
  orgs: 'orgs',
  webhookTokens: 'webhookTokens',
  intakeBacklog: 'intakeBacklog',
} as const;
