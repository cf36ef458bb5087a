import { z } from 'zod';

/** Mackerel's orgName (the slug): the id of orgs/{name} and what routes and silences name an org by. */
export const orgNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'expected a Mackerel org name (slug)');

/**
 * `*`: every org. A silence for `*` mutes every org (an MSP-wide maintenance, an upstream outage); a digest
 * or report with org `*` spans orgs (a cross-org digest, the daily audit summary).
 */
export const ALL_ORGS = '*';
